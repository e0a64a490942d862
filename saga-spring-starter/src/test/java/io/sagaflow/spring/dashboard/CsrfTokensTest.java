package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;

class CsrfTokensTest {
    @Test
    void putsTheRequestsTokenIntoMetaTagsEscaped() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a\"b<c"));

        assertThat(CsrfTokens.metaTags(request)).isEqualTo("""
                <meta name="_csrf" content="a&quot;b&lt;c">
                  <meta name="_csrf_header" content="X-CSRF-TOKEN">""");
    }

    @Test
    void writesNothingWhenTheRequestHasNoToken() {
        assertThat(CsrfTokens.metaTags(new MockHttpServletRequest())).isEmpty();
    }
}
