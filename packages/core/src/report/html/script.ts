/**
 * The page's script (plain ES2020, run in the browser), inlined in one `<script>` element and
 * allowed by its hash. It reads the data block, flattens files → tests → processes into rows as the
 * filters and the collapsed files allow, and draws only the rows in view (one fixed row height), so
 * 10,000 processes cost no more to draw than 40. Every string from the report reaches the page
 * through `textContent`; nothing here parses HTML. Kept free of backticks, `${` and backslashes so it
 * can live in this template string as it is.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('reaper-data').textContent);
  var ROW_PX = 24;
  var OVERSCAN = 12;
  var LABELS = {
    clean: 'clean exit', exited: 'exited during teardown', terminated: 'terminated',
    killed: 'killed', reaped: 'zombie reaped', escaped: 'escaped', allowed: 'allowed'
  };
  var scroller = document.getElementById('rows');
  var spacer = document.getElementById('spacer');
  var details = document.getElementById('details');
  var count = document.getElementById('count');
  var onlyLeaking = document.getElementById('only-leaking');
  var search = document.getElementById('search');

  var totalTests = 0;
  var totalProcesses = 0;
  data.files.forEach(function (f) {
    totalTests += f.tests.length;
    f.tests.forEach(function (t) { totalProcesses += t.processes.length; });
  });
  // Large runs open with the clean files collapsed, so the leaks are what one sees first.
  var collapsed = new Set();
  if (totalTests + totalProcesses > 2000) {
    data.files.forEach(function (f, i) { if (f.leakingTests === 0) collapsed.add('f' + i); });
  }
  var rows = [];
  var selected = null;
  var pending = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function formatMs(ms) {
    if (ms === null || ms === undefined) return 'unknown';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }

  function formatClock(t) {
    return t === null ? 'unknown' : new Date(t).toISOString().replace('T', ' ').replace('Z', ' UTC');
  }

  function matches(text, query) {
    return text !== null && text.toLowerCase().indexOf(query) !== -1;
  }

  /** The processes of a test the search keeps: those whose command matches, with their ancestors. */
  function keptProcesses(test, query) {
    var kept = [];
    var stack = [];
    var marked = new Set();
    test.processes.forEach(function (p, i) {
      stack.length = p.depth;
      stack.push(i);
      if (matches(p.command, query)) stack.forEach(function (j) { marked.add(j); });
    });
    test.processes.forEach(function (p, i) { if (marked.has(i)) kept.push(p); });
    return kept;
  }

  function buildRows() {
    var query = search.value.trim().toLowerCase();
    var only = onlyLeaking.checked;
    var shownTests = 0;
    var shownProcesses = 0;
    rows = [];
    data.files.forEach(function (file, fi) {
      var fileRows = [];
      var fileKey = 'f' + fi;
      var fileMatches = query !== '' && matches(file.file, query);
      var testsShown = 0;
      file.tests.forEach(function (test, ti) {
        if (only && test.leaks === 0) return;
        var processes = test.processes;
        if (query !== '' && !fileMatches && !matches(test.test, query)) {
          processes = keptProcesses(test, query);
          if (processes.length === 0) return;
        }
        testsShown++;
        shownProcesses += processes.length;
        var testKey = fileKey + 't' + ti;
        fileRows.push({ type: 'test', key: testKey, file: file, test: test, count: processes.length });
        if (collapsed.has(testKey)) return;
        processes.forEach(function (p) {
          fileRows.push({ type: 'process', key: testKey + 'p' + p.pid + '-' + p.depth, file: file, test: test, process: p });
        });
      });
      if (testsShown === 0) return;
      shownTests += testsShown;
      rows.push({ type: 'file', key: fileKey, file: file, count: testsShown });
      if (!collapsed.has(fileKey)) fileRows.forEach(function (row) { rows.push(row); });
    });
    count.textContent = 'Showing ' + shownTests + ' of ' + totalTests + ' tests, ' +
      shownProcesses + ' of ' + totalProcesses + ' processes';
    spacer.style.height = rows.length * ROW_PX + 'px';
    draw();
  }

  function place(bar, start, end, axis, open) {
    var width = axis.end - axis.start;
    if (start === null || axis.start === null || axis.end === null) return false;
    var left = width > 0 ? (start - axis.start) / width : 0;
    var right = open || end === null ? 1 : width > 0 ? (end - axis.start) / width : 1;
    bar.style.left = (Math.max(0, Math.min(1, left)) * 100).toFixed(3) + '%';
    bar.style.width = (Math.max(0, Math.min(1, right) - Math.max(0, left)) * 100).toFixed(3) + '%';
    return true;
  }

  function drawTrack(row) {
    var track = el('div', 'track');
    var bar = el('div', 'bar');
    var axis = { start: row.file.startedAt, end: row.file.endedAt };
    var placed;
    if (row.type === 'file') {
      return drawRuler(track, axis);
    } else if (row.type === 'test') {
      placed = place(bar, row.test.startedAt, row.test.endedAt, axis, false);
    } else {
      var p = row.process;
      var open = p.outcome === 'escaped' || p.outcome === 'allowed';
      bar.className = 'bar o-' + p.outcome + (p.leak ? ' leak' : '') + (open ? ' open' : '');
      // A hover shows the gist; a click shows the details.
      track.title = p.pid + ' ' + p.command + ' · ' + describeOutcome(p).textContent;
      placed = place(bar, p.startedAt, p.endedAt, axis, open);
    }
    // Without times for the whole file, its row says so once; else a row without a start says so.
    if (placed) track.appendChild(bar);
    else if (axis.start !== null) track.appendChild(el('span', 'notime', 'no start time in the report'));
    return track;
  }

  /** A file's row holds the scale of its tests' and processes' bars: the time since the file began. */
  function drawRuler(track, axis) {
    if (axis.start === null || axis.end === null) {
      track.appendChild(el('span', 'notime', 'no times in the report'));
      return track;
    }
    for (var i = 0; i < 5; i++) {
      var tick = el('span', 'tick', i === 0 ? '0' : '+' + formatMs(((axis.end - axis.start) * i) / 4));
      tick.style.left = i * 25 + '%';
      if (i === 4) tick.classList.add('last');
      track.appendChild(tick);
    }
    return track;
  }

  function drawName(row) {
    var name = el('div', 'name');
    if (row.type === 'file') {
      name.appendChild(el('span', 'toggle', collapsed.has(row.key) ? '▸' : '▾'));
      name.appendChild(el('span', 'label', row.file.file === null ? '(no file: the whole run)' : row.file.file));
      var leaking = row.file.leakingTests;
      name.appendChild(el('span', 'count', row.count + (row.count === 1 ? ' test' : ' tests') +
        (leaking > 0 ? ', ' + leaking + ' leaking' : '')));
    } else if (row.type === 'test') {
      name.style.paddingLeft = '16px';
      name.appendChild(el('span', 'toggle', row.count === 0 ? '' : collapsed.has(row.key) ? '▸' : '▾'));
      name.appendChild(el('span', 'label', describeScope(row.test)));
      if (row.test.leaks > 0) name.appendChild(el('span', 'badge', row.test.leaks + ' leaked'));
    } else {
      var p = row.process;
      name.style.paddingLeft = 52 + p.depth * 16 + 'px';
      name.appendChild(el('span', 'pid mono', p.pid));
      if (p.leak) name.appendChild(el('span', 'badge', p.outcome === 'escaped' ? 'ESCAPED' : 'LEAK'));
      else if (p.outcome === 'allowed') name.appendChild(el('span', 'badge allowed', 'ALLOWED'));
      name.appendChild(el('span', 'label mono', p.command));
      name.appendChild(el('span', 'kind', p.kind));
    }
    return name;
  }

  function describeScope(test) {
    if (test.scope === 'test' || test.scope === 'suite') return test.test === null ? '(' + test.scope + ')' : test.test;
    return test.scope === 'file' ? '(the file: hooks outside any test)' : '(the run)';
  }

  function drawRow(row, index) {
    var node = el('div', 'row row-' + row.type);
    if (row.type === 'test' && row.test.leaks > 0) node.classList.add('leaking');
    if (selected !== null && selected.key === row.key) node.classList.add('selected');
    node.style.top = index * ROW_PX + 'px';
    node.tabIndex = 0;
    node.dataset.index = String(index);
    node.setAttribute('role', 'treeitem');
    node.setAttribute('aria-level', row.type === 'file' ? '1' : row.type === 'test' ? '2' : String(3 + row.process.depth));
    node.appendChild(drawName(row));
    node.appendChild(drawTrack(row));
    return node;
  }

  function draw() {
    var top = scroller.scrollTop;
    var first = Math.max(0, Math.floor(top / ROW_PX) - OVERSCAN);
    var last = Math.min(rows.length, Math.ceil((top + scroller.clientHeight) / ROW_PX) + OVERSCAN);
    var fragment = document.createDocumentFragment();
    for (var i = first; i < last; i++) fragment.appendChild(drawRow(rows[i], i));
    if (rows.length === 0) fragment.appendChild(el('p', 'empty', totalTests === 0
      ? 'No test spawned a process.' : 'No test matches the filters.'));
    spacer.replaceChildren(fragment);
  }

  function schedule(work) {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () { pending = 0; work(); });
  }

  function field(list, term, value) {
    list.appendChild(el('dt', '', term));
    var dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = value === null || value === undefined ? 'unknown' : String(value);
    list.appendChild(dd);
  }

  function site(text) {
    return text === null ? 'unknown' : el('span', 'site mono', text);
  }

  function describeOutcome(p) {
    var text = LABELS[p.outcome];
    if (p.signal && p.outcome !== 'clean') text += ' by ' + p.signal;
    if (p.outcome === 'escaped') text += ': still alive' + (p.reason ? ' (' + p.reason + ')' : '');
    if (p.outcome === 'clean' && p.exitCode !== null) text += ', exit code ' + p.exitCode;
    if (p.outcome === 'clean' && p.signal) text += ', signal ' + p.signal;
    if (p.elapsedMs !== null && p.outcome !== 'allowed') text += ' after ' + formatMs(p.elapsedMs);
    var box = el('span', 'outcome');
    box.appendChild(el('span', 'swatch o-' + p.outcome));
    box.appendChild(el('span', '', text));
    return box;
  }

  function showDetails(row) {
    var list = el('dl');
    var heading;
    if (row.type === 'process') {
      var p = row.process;
      heading = p.command;
      field(list, 'PID', p.pid);
      field(list, 'Parent PID', p.ppid);
      field(list, 'Kind', p.kind === 'spawned' ? 'spawned by the test' : p.kind);
      field(list, 'Outcome', describeOutcome(p));
      field(list, 'Leak', p.leak ? 'yes: it outlived its test' : 'no');
      field(list, 'Spawned at', site(p.spawnedAt));
      if (p.calledFrom !== null) field(list, 'Called from', site(p.calledFrom));
      field(list, 'Listening on', p.listening.length > 0 ? p.listening.map(function (port) { return 'port ' + port; }).join(', ') : 'no ports');
      field(list, 'Started', formatClock(p.startedAt));
      field(list, 'Ended', p.endedAt !== null ? formatClock(p.endedAt) : p.outcome === 'escaped' || p.outcome === 'allowed' ? 'still running' : 'unknown');
      field(list, 'Test', describeScope(row.test));
    } else if (row.type === 'test') {
      var t = row.test;
      heading = describeScope(t);
      field(list, 'Scope', t.scope);
      field(list, 'Started', formatClock(t.startedAt));
      field(list, 'Ended', formatClock(t.endedAt));
      field(list, 'Took', t.startedAt !== null && t.endedAt !== null ? formatMs(t.endedAt - t.startedAt) : null);
      field(list, 'Processes', t.processes.length);
      field(list, 'Leaked', t.leaks);
    } else {
      heading = row.file.file === null ? '(no file: the whole run)' : row.file.file;
      field(list, 'Tests that spawned', row.file.tests.length);
      field(list, 'Leaking', row.file.leakingTests);
      field(list, 'Started', formatClock(row.file.startedAt));
      field(list, 'Took', row.file.startedAt !== null && row.file.endedAt !== null ? formatMs(row.file.endedAt - row.file.startedAt) : null);
    }
    if (row.type !== 'file') field(list, 'File', row.file.file === null ? 'none' : row.file.file);
    details.replaceChildren(el('h2', '', heading), list);
  }

  function activate(index, toggle) {
    var row = rows[index];
    if (!row) return;
    selected = row;
    showDetails(row);
    if (toggle && row.type !== 'process') {
      if (collapsed.has(row.key)) collapsed.delete(row.key); else collapsed.add(row.key);
      buildRows();
    } else {
      draw();
    }
    var again = spacer.querySelector('[data-index="' + index + '"]');
    if (again) again.focus({ preventScroll: true });
  }

  scroller.addEventListener('click', function (event) {
    var node = event.target.closest('.row');
    if (!node) return;
    var row = rows[Number(node.dataset.index)];
    var onToggle = event.target.classList.contains('toggle');
    activate(Number(node.dataset.index), row.type === 'file' || onToggle);
  });
  scroller.addEventListener('keydown', function (event) {
    var node = event.target.closest('.row');
    if (!node) return;
    var index = Number(node.dataset.index);
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate(index, rows[index].type !== 'process');
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      var next = Math.max(0, Math.min(rows.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
      var top = next * ROW_PX;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top + ROW_PX > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_PX - scroller.clientHeight;
      activate(next, false);
    }
  });
  scroller.addEventListener('scroll', function () { schedule(draw); }, { passive: true });
  window.addEventListener('resize', function () { schedule(draw); });
  onlyLeaking.addEventListener('change', function () { schedule(buildRows); });
  search.addEventListener('input', function () { schedule(buildRows); });
  document.getElementById('expand-all').addEventListener('click', function () {
    collapsed.clear();
    buildRows();
  });
  document.getElementById('collapse-all').addEventListener('click', function () {
    data.files.forEach(function (f, i) { collapsed.add('f' + i); });
    buildRows();
  });

  buildRows();
  performance.mark('reaper:rows-drawn');
  requestAnimationFrame(function () {
    setTimeout(function () {
      performance.mark('reaper:first-paint');
      document.body.dataset.ready = 'true';
    }, 0);
  });
})();
`;
