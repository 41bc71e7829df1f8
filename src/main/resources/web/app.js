'use strict';
// The mlsync dashboard: plain DOM, no dependencies. Data from the API is only ever set as text, never as HTML.
(function () {
  const TOKEN_KEY = 'mlsync.adminToken';
  const REFRESH_MS = 2000;
  const $ = (id) => document.getElementById(id);
  let timer = null;

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  async function api(method, path, body) {
    const headers = { 'Authorization': 'Bearer ' + token() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await response.json().catch(() => ({}));
    if (response.status === 401) { showLogin('The token was refused: ' + (data.error || 'unauthorized')); throw new Error('unauthorized'); }
    if (!response.ok) throw new Error(data.error || (method + ' ' + path + ': HTTP ' + response.status));
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
    return node;
  }

  function human(seconds) {
    if (seconds == null) return '–';
    const s = Math.max(0, Math.round(seconds));
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.round(s / 60) + ' min';
    if (s < 172800) return Math.round(s / 3600) + ' h';
    return Math.round(s / 86400) + ' d';
  }

  function ago(iso) { return iso ? human((Date.now() - Date.parse(iso)) / 1000) + ' ago' : '–'; }
  function num(n) { return n == null ? '–' : Number(n).toLocaleString('en-US'); }

  function say(text, isError) {
    const node = $('message');
    node.textContent = text;
    node.className = 'message ' + (isError ? 'error' : 'ok');
  }

  function chart(runs) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    const width = 120, height = 28, recent = runs.slice(0, 20).reverse();
    svg.setAttribute('class', 'chart');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    const rate = (r) => {
      const seconds = r.finishedAt ? Math.max(1, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000) : 1;
      return (r.added + r.updated + r.deleted + r.unchanged) / seconds;
    };
    const max = Math.max(1, ...recent.map(rate));
    const bar = width / 20;
    recent.forEach((r, i) => {
      const h = Math.max(1, Math.round(rate(r) / max * (height - 2)));
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(i * bar));
      rect.setAttribute('y', String(height - h));
      rect.setAttribute('width', String(bar - 1));
      rect.setAttribute('height', String(h));
      if (r.status === 'failed') rect.setAttribute('class', 'failed');
      const title = document.createElementNS(ns, 'title');
      title.textContent = r.resource + ' run ' + r.id + ': ' + r.status + ', ' + Math.round(rate(r)) + ' records/s';
      rect.append(title);
      svg.append(rect);
    });
    return svg;
  }

  function quotaText(q) {
    if (!q) return '–';
    const l = q.limits || {};
    return num(q.usedThisHour) + '/' + (l.perHour == null ? '–' : num(l.perHour)) + ' · '
      + num(q.usedToday) + '/' + (l.perDay == null ? '–' : num(l.perDay))
      + (q.adaptiveRate != null ? ' · slowed to ' + q.adaptiveRate.toFixed(2) + '/s' : '');
  }

  async function syncNow(feed) {
    try {
      const job = await api('POST', '/api/jobs', { feed, kind: 'incremental' });
      say('Job ' + job.id + ' queued: incremental sync of ' + feed);
      refresh();
    } catch (e) { say(e.message, true); }
  }

  async function cancel(id) {
    try { await api('DELETE', '/api/jobs/' + id); say('Cancel requested for job ' + id); refresh(); }
    catch (e) { say(e.message, true); }
  }

  async function retry(id) {
    try { await api('POST', '/api/errors/' + id + '/retry'); say('Dead letter ' + id + ' re-queued: the next sync of its feed picks it up'); refresh(); }
    catch (e) { say(e.message, true); }
  }

  function renderFeeds(feeds, runs) {
    const body = $('feeds').querySelector('tbody');
    body.replaceChildren(...feeds.map((f) => {
      const last = f.lastRun;
      const lastText = last ? last.status + ' · ' + ago(last.finishedAt || last.startedAt) : 'never';
      const lastClass = !last ? 'muted' : last.status === 'failed' ? 'bad' : last.status === 'completed' ? 'ok' : 'warn';
      const breaker = f.quota ? f.quota.breaker : '–';
      return el('tr', { 'data-feed': f.id },
        el('td', {}, el('strong', {}, f.id), ' ', el('span', { class: 'muted' }, f.provider || 'not configured')),
        el('td', { class: 'freshness', title: 'last successful run; lag = age of the newest replicated change' },
          el('span', { class: 'synced' }, f.lastSuccess ? 'synced ' + ago(f.lastSuccess) : 'never synced'), el('br'),
          el('span', { class: 'lag muted' }, 'lag ' + human(f.lagSeconds))),
        el('td', { class: 'last-run ' + lastClass, title: last && last.error ? last.error : '' }, lastText),
        el('td', { class: 'num records' }, num(f.records)),
        el('td', { class: 'num photos' }, num(f.media)),
        el('td', { class: 'num ' + (f.openErrors > 0 ? 'bad' : '') }, num(f.openErrors)),
        el('td', {}, quotaText(f.quota)),
        el('td', { class: breaker === 'open' ? 'bad' : 'ok' }, breaker),
        el('td', {}, chart(runs.filter((r) => r.feedId === f.id))),
        el('td', {}, f.configured ? el('button', { class: 'primary sync-now', type: 'button', onclick: () => syncNow(f.id) }, 'Sync now') : ''));
    }));
  }

  function eta(job) {
    const p = job.progress;
    if (job.status !== 'running' || !p || !p.recordsTotal || !job.startedAt || p.recordsDone <= 0) return '–';
    const elapsed = (Date.now() - Date.parse(job.startedAt)) / 1000;
    return human(elapsed / p.recordsDone * Math.max(0, p.recordsTotal - p.recordsDone));
  }

  function renderJobs(jobs) {
    const body = $('jobs').querySelector('tbody');
    $('jobs-empty').hidden = jobs.length > 0;
    body.replaceChildren(...jobs.map((j) => {
      const p = j.progress || {};
      const share = p.recordsTotal ? Math.min(1, p.recordsDone / p.recordsTotal) : (j.status === 'completed' ? 1 : 0);
      const bar = el('span', {});
      bar.style.width = Math.round(share * 100) + '%';
      const open = j.status === 'queued' || j.status === 'running';
      return el('tr', { 'data-job': j.id, class: 'job job-' + j.status },
        el('td', {}, j.id), el('td', {}, j.feed), el('td', {}, j.kind + (j.dryRun ? ' (dry run)' : '')),
        el('td', { class: 'job-status ' + (j.status === 'failed' ? 'bad' : j.status === 'completed' ? 'ok' : 'warn'), title: j.error || j.note || '' }, j.status + (j.cancelRequested && open ? ' (cancelling)' : '')),
        el('td', { class: 'job-progress' }, el('span', { class: 'progress' }, bar), ' ',
          num(p.recordsDone) + (p.recordsTotal ? ' / ' + num(p.recordsTotal) : '') + ' records, ' + num(p.pages) + ' pages'),
        el('td', {}, eta(j)), el('td', {}, ago(j.startedAt)),
        el('td', {}, open ? el('button', { type: 'button', class: 'cancel', onclick: () => cancel(j.id) }, 'Cancel') : ''));
    }));
  }

  function renderErrors(letters) {
    $('errors-empty').hidden = letters.length > 0;
    $('errors').querySelector('tbody').replaceChildren(...letters.map((e) => el('tr', {},
      el('td', {}, ago(e.createdAt)), el('td', {}, e.feedId), el('td', {}, e.resource),
      el('td', {}, e.kind === 'page' ? 'page of run ' + e.runId : (e.recordKey || '–')),
      el('td', { class: 'bad' }, e.category), el('td', {}, e.message),
      el('td', {}, e.state === 'open'
        ? el('button', { type: 'button', class: 'retry', onclick: () => retry(e.id) }, 'Retry')
        : el('span', { class: 'muted' }, e.state)))));
  }

  async function resolve(id, keep) {
    try {
      await api('POST', '/api/conflicts/' + id + '/resolve', { keep });
      say('Conflict ' + id + ' resolved: kept the ' + (keep === 'mls' ? 'MLS value' : 'local value'));
      refresh();
    } catch (e) { say(e.message, true); }
  }

  function shown(value) { return value === undefined || value === null ? '–' : typeof value === 'string' ? value : JSON.stringify(value); }

  function renderConflicts(conflicts) {
    $('conflicts-empty').hidden = conflicts.length > 0;
    $('conflicts').querySelector('tbody').replaceChildren(...conflicts.map((c) => el('tr', { 'data-conflict': c.id, class: 'conflict' },
      el('td', { class: 'conflict-when', title: c.openedAt }, ago(c.openedAt)), el('td', {}, c.feed),
      el('td', { class: 'conflict-listing' }, c.listingKey),
      el('td', { class: 'conflict-field' }, c.field || '(whole listing)'),
      el('td', { class: 'conflict-local' }, shown(c.localValue)),
      el('td', { class: 'conflict-mls warn', title: 'before: ' + shown(c.mlsBefore) }, shown(c.mlsValue)),
      el('td', {}, c.kind.replace('_', ' ')),
      el('td', {}, el('button', { type: 'button', class: 'keep-mls', onclick: () => resolve(c.id, 'mls') }, 'Keep MLS'), ' ',
        el('button', { type: 'button', class: 'keep-local', onclick: () => resolve(c.id, 'local') }, 'Keep local')))));
  }

  function renderAlerts(alerts) {
    const list = $('alerts');
    if (!alerts.length) { list.replaceChildren(el('li', { class: 'muted' }, 'none')); return; }
    list.replaceChildren(...alerts.map((a) => el('li', { class: a.resolvedAt ? 'resolved' : 'open' },
      el('strong', {}, a.rule), ' ', a.feedId ? '[' + a.feedId + '] ' : '', a.message, ' ',
      el('span', { class: 'muted' }, (a.resolvedAt ? 'resolved ' + ago(a.resolvedAt) : 'since ' + ago(a.firedAt))))));
  }

  async function optional(path, key) {
    try { return (await api('GET', path))[key]; } catch (e) { if (e.message === 'unauthorized') throw e; return null; }
  }

  async function refresh() {
    if (!token()) return;
    try {
      const [feeds, runs, jobs, errors, alerts, conflicts] = await Promise.all([
        api('GET', '/api/feeds').then((d) => d.feeds), optional('/api/runs?limit=200', 'runs'),
        optional('/api/jobs?limit=20', 'jobs'), optional('/api/errors?limit=20', 'deadLetters'), optional('/api/alerts', 'alerts'),
        optional('/api/conflicts?status=open&limit=50', 'conflicts')]);
      renderFeeds(feeds, runs || []);
      renderJobs(jobs || []);
      renderErrors(errors || []);
      renderAlerts(alerts || []);
      renderConflicts(conflicts || []);
      $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (e.message !== 'unauthorized') $('status').textContent = 'cannot refresh: ' + e.message;
    }
  }

  function showLogin(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearInterval(timer);
    $('dashboard').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = reason || '';
    $('status').textContent = 'signed out';
  }

  function showDashboard() {
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
    refresh();
    clearInterval(timer);
    timer = setInterval(refresh, REFRESH_MS);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      $('token').value = '';
      showDashboard();
    });
    $('logout').addEventListener('click', () => showLogin(''));
    if (token()) showDashboard(); else showLogin('');
  });
})();
