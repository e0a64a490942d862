package io.sagaflow.spring.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.util.ClassUtils;

/**
 * Puts Spring Security's CSRF token, when the application has Spring Security and the request carries one, into
 * the page as {@code <meta name="_csrf">} and {@code <meta name="_csrf_header">}; the page's script sends it with
 * every POST. Without Spring Security on the classpath, {@link CsrfToken} is never loaded.
 */
final class CsrfTokens {
    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.web.csrf.CsrfToken", CsrfTokens.class.getClassLoader());

    private CsrfTokens() {
    }

    static String metaTags(HttpServletRequest request) {
        return SECURITY_PRESENT ? Security.metaTags(request) : "";
    }

    /** Loaded only when Spring Security is present. */
    private static final class Security {
        static String metaTags(HttpServletRequest request) {
            // Reading the token also makes a deferred token repository save it (session or cookie).
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                return "<meta name=\"_csrf\" content=\"" + HtmlText.escape(token.getToken()) + "\">\n"
                        + "  <meta name=\"_csrf_header\" content=\"" + HtmlText.escape(token.getHeaderName()) + "\">";
            }
            return "";
        }
    }
}
