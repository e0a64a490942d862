// Sagaflow dashboard: vanilla JS, no build step. Every value from the server is put in the page as text
// (textContent), never as HTML: failure reasons and business keys come from other services.
(() => {
  'use strict';
  const base = document.querySelector('meta[name="sagaflow-base"]').content;
  const api = base + '/api';
  const $ = (id) => document.getElementById(id);
  const state = { page: 0, size: null, hasNext: false, ids: new Set(), selected: null, diagramType: null,
                  polling: null, listTimer: null, detailTimer: null };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function shortTime(iso) {
    return time(iso).substring(5);
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    const two = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' '
      + two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function clock(iso) {
    const d = new Date(iso);
    return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function took(ms) {
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    return Math.round(ms / 60000) + ' min';
  }

  async function failure(response) {
    try {
      const body = await response.json();
      return body.error || response.statusText;
    } catch (e) {
      return response.status + ' ' + response.statusText;
    }
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(await failure(response));
    return response.json();
  }

  // Spring Security's token: from the page's meta tags, else from a CookieCsrfTokenRepository cookie.
  function csrfHeaders() {
    const token = document.querySelector('meta[name="_csrf"]');
    const header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) return { [header.content]: token.content };
    const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
    return cookie ? { 'X-XSRF-TOKEN': decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) } : {};
  }

  async function postJson(url, body) {
    const headers = Object.assign({ Accept: 'application/json', 'Content-Type': 'application/json' }, csrfHeaders());
    const response = await fetch(url, { method: 'POST', headers, credentials: 'same-origin',
                                         body: JSON.stringify(body || {}) });
    if (!response.ok) throw new Error(await failure(response));
    return response.json();
  }

  function query() {
    const params = new URLSearchParams();
    const add = (name, value) => { if (value) params.set(name, value); };
    add('type', $('filter-type').value);
    add('status', $('filter-status').value);
    add('businessKey', $('filter-key').value.trim());
    if ($('filter-from').value) add('from', new Date($('filter-from').value).toISOString());
    if ($('filter-to').value) add('to', new Date($('filter-to').value).toISOString());
    params.set('page', state.page);
    return params;
  }

  async function loadDefinitions() {
    const definitions = await getJson(api + '/definitions');
    const select = $('filter-type');
    for (const definition of definitions) {
      const option = el('option', null, definition.name);
      option.value = definition.name;
      select.append(option);
    }
  }

  async function loadList() {
    try {
      const page = await getJson(api + '/sagas?' + query());
      state.hasNext = page.hasNext;
      state.ids = new Set(page.items.map((s) => s.id));
      const body = $('sagas').querySelector('tbody');
      body.replaceChildren(...page.items.map(row));
      $('empty').hidden = page.items.length > 0;
      $('page-label').textContent = 'page ' + (page.page + 1);
      $('prev-page').disabled = state.page === 0;
      $('next-page').disabled = !page.hasNext;
      $('list-error').hidden = true;
    } catch (e) {
      $('list-error').textContent = 'Could not load sagas: ' + e.message;
      $('list-error').hidden = false;
    }
  }

  function row(saga) {
    const tr = el('tr');
    tr.dataset.sagaId = saga.id;
    tr.dataset.status = saga.status;
    if (saga.id === state.selected) tr.classList.add('selected');
    const started = el('td', null, shortTime(saga.createdAt));
    started.title = time(saga.createdAt);
    tr.append(started, el('td', null, saga.sagaType),
              el('td', null, saga.businessKey || ''));
    const status = el('td');
    status.append(el('span', 'badge ' + saga.status, saga.status));
    const step = el('td', saga.currentStep ? 'reason' : 'reason muted',
                    saga.currentStep || saga.failureReason || '');
    step.title = saga.failureReason || '';
    tr.append(status, step, el('td', null, took(saga.durationMillis)));
    tr.addEventListener('click', () => select(saga.id));
    return tr;
  }

  function select(id) {
    state.selected = id;
    if (location.hash !== '#' + id) history.replaceState(null, '', '#' + id);
    for (const tr of $('sagas').querySelectorAll('tbody tr')) {
      tr.classList.toggle('selected', tr.dataset.sagaId === id);
    }
    $('action-message').textContent = '';
    loadDetail();
  }

  async function loadDetail() {
    if (!state.selected) return;
    let detail;
    try {
      detail = await getJson(api + '/sagas/' + encodeURIComponent(state.selected));
    } catch (e) {
      $('action-message').textContent = 'Could not load saga: ' + e.message;
      return;
    }
    const saga = detail.saga;
    $('detail').hidden = false;
    $('detail').dataset.sagaId = saga.id;
    $('detail-type').textContent = saga.sagaType;
    $('detail-status').textContent = saga.status;
    $('detail-status').className = 'badge ' + saga.status;
    $('detail-id').textContent = saga.id;
    $('detail-key').textContent = saga.businessKey || '—';
    $('detail-step').textContent = saga.currentStep || '—';
    $('detail-reason').textContent = saga.failureReason || '—';
    $('detail-started').textContent = time(saga.createdAt);
    $('detail-updated').textContent = time(saga.updatedAt) + ' (' + took(saga.durationMillis) + ' after start)';
    $('actions').hidden = !(detail.canRetry || detail.canAbort);
    $('retry-button').disabled = !detail.canRetry;
    $('abort-button').disabled = !detail.canAbort;
    $('timeline').querySelector('tbody').replaceChildren(...detail.timeline.map(timelineRow));
    $('data-section').hidden = detail.data === null || detail.data === undefined;
    $('detail-data').textContent = JSON.stringify(detail.data, null, 2);
    if (state.diagramType !== saga.sagaType) {
      state.diagramType = saga.sagaType;
      const definition = api + '/definitions/' + encodeURIComponent(saga.sagaType);
      $('diagram').src = definition + '/svg';
      $('mermaid-link').href = definition + '/mermaid';
    }
  }

  function timelineRow(item) {
    const tr = el('tr', item.direction === 'COMPENSATION' ? 'compensation' : null);
    tr.dataset.step = item.step || '';
    tr.dataset.outcome = item.outcome;
    tr.append(el('td', null, clock(item.startedAt)), el('td', item.step ? null : 'muted', item.step || 'saga'),
              el('td', null, item.step ? '#' + item.attempt : ''));
    const outcome = el('td');
    outcome.append(el('span', 'badge ' + item.outcome, item.outcome));
    const messages = el('ul', 'messages');
    for (const entry of item.entries) {
      messages.append(el('li', null, entry.event + (entry.detail ? ': ' + entry.detail : '')));
    }
    const messageCell = el('td');
    messageCell.append(messages);
    tr.append(outcome, el('td', null, item.step ? took(item.durationMillis) : ''), messageCell);
    return tr;
  }

  async function act(action) {
    const id = state.selected;
    const what = action === 'retry'
      ? 'Retry saga ' + id + ' from the step where it stopped?'
      : 'Abort saga ' + id + ' and compensate its completed steps?';
    if (!window.confirm(what)) return;
    const reason = $('abort-reason').value.trim();
    $('action-message').textContent = action === 'retry' ? 'Retrying…' : 'Aborting…';
    try {
      await postJson(api + '/sagas/' + encodeURIComponent(id) + '/' + action,
                     action === 'abort' && reason ? { reason } : {});
      $('action-message').textContent = action === 'retry' ? 'Retry started.' : 'Abort started.';
    } catch (e) {
      $('action-message').textContent = (action === 'retry' ? 'Retry' : 'Abort') + ' failed: ' + e.message;
    }
    loadDetail();
    loadList();
  }

  // Coalesces bursts of changes into one reload each.
  function later(timer, fn) {
    clearTimeout(state[timer]);
    state[timer] = setTimeout(fn, 150);
  }

  function onChanges(batch) {
    const changed = new Set(batch.changes.map((c) => c.sagaId));
    if (batch.resync || state.page === 0 || [...changed].some((id) => state.ids.has(id))) {
      later('listTimer', loadList);
    }
    if (batch.resync || (state.selected && changed.has(state.selected))) {
      later('detailTimer', loadDetail);
    }
  }

  function setLive(live) {
    $('live-status').textContent = live ? 'live' : 'polling every 2 s';
    $('live-status').className = 'live ' + (live ? 'on' : 'off');
    if (live && state.polling) {
      clearInterval(state.polling);
      state.polling = null;
    } else if (!live && !state.polling) {
      state.polling = setInterval(() => { loadList(); loadDetail(); }, 2000);
    }
  }

  function connect() {
    if (!window.EventSource) {
      setLive(false);
      return;
    }
    const events = new EventSource(api + '/events', { withCredentials: true });
    events.addEventListener('hello', () => setLive(true));
    events.addEventListener('sagas', (e) => onChanges(JSON.parse(e.data)));
    // EventSource reconnects by itself; until it does, poll.
    events.onerror = () => setLive(false);
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); state.page = 0; loadList(); });
    $('filters').addEventListener('reset', () => { state.page = 0; setTimeout(loadList, 0); });
    $('prev-page').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); loadList(); });
    $('next-page').addEventListener('click', () => { if (state.hasNext) { state.page += 1; loadList(); } });
    $('retry-button').addEventListener('click', () => act('retry'));
    $('abort-button').addEventListener('click', () => act('abort'));
    connect();
    try {
      await loadDefinitions();
    } catch (e) {
      $('list-error').textContent = 'Could not load saga types: ' + e.message;
      $('list-error').hidden = false;
    }
    await loadList();
    if (location.hash.length > 1) select(decodeURIComponent(location.hash.substring(1)));
  });
})();
