// The report page's script, as text the page embeds under its CSP nonce. It sorts and filters the
// vulnerability table, keeps that view across reloads of the webview (getState/setState), and turns link
// and export clicks into messages for the extension, which validates them: the page itself opens nothing.
export const REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var vscode = acquireVsCodeApi();
  var table = document.getElementById('vulnerability-table');
  var body = table ? table.tBodies[0] : null;
  var rows = body ? Array.prototype.slice.call(body.rows) : [];
  var filter = document.getElementById('filter');
  var severity = document.getElementById('severity');
  var fixable = document.getElementById('fixable');
  var shown = document.getElementById('shown');
  var noMatch = document.getElementById('no-match');
  var state = vscode.getState() || {};
  var sort = state.sort || null;
  var searchText = rows.map(function (row) { return row.textContent.toLowerCase(); });
  rows.forEach(function (row, index) { row.setAttribute('data-order', String(index)); });

  function save() {
    vscode.setState({
      filter: filter ? filter.value : '',
      severity: severity ? severity.value : '0',
      fixable: fixable ? fixable.checked : false,
      sort: sort
    });
  }

  function applyFilter() {
    var words = filter ? filter.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var lowest = severity ? Number(severity.value) : 0;
    var onlyFixable = fixable ? fixable.checked : false;
    var count = 0;
    rows.forEach(function (row, index) {
      var text = searchText[index];
      var visible = Number(row.getAttribute('data-rank')) >= lowest &&
        (!onlyFixable || row.getAttribute('data-fixed') === '1') &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !visible;
      if (visible) count++;
    });
    if (shown) shown.textContent = count === rows.length ? rows.length + ' shown' : count + ' of ' + rows.length + ' shown';
    if (noMatch) noMatch.hidden = count !== 0;
  }

  function compare(a, b, column, type) {
    var x = a.cells[column] ? a.cells[column].getAttribute('data-value') || '' : '';
    var y = b.cells[column] ? b.cells[column].getAttribute('data-value') || '' : '';
    if (type === 'number') return Number(x) - Number(y);
    return x.localeCompare(y, undefined, { numeric: type === 'version', sensitivity: 'base' });
  }

  function applySort() {
    if (!table || !body || !sort) return;
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) headers[i].setAttribute('aria-sort', i === sort.column ? (sort.descending ? 'descending' : 'ascending') : 'none');
    var ordered = rows.slice().sort(function (a, b) {
      var result = compare(a, b, sort.column, sort.type);
      if (sort.descending) result = -result;
      return result || Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
    });
    ordered.forEach(function (row) { body.appendChild(row); });
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var anchor = target.closest('a[href]');
    if (anchor) {
      event.preventDefault();
      vscode.postMessage({ type: 'openExternal', url: anchor.getAttribute('href') });
      return;
    }
    var exportButton = target.closest('button[data-export]');
    if (exportButton) {
      vscode.postMessage({ type: 'export', format: exportButton.getAttribute('data-export') });
      return;
    }
    var sortButton = target.closest('button[data-column]');
    if (sortButton) {
      var column = Number(sortButton.getAttribute('data-column'));
      var type = sortButton.getAttribute('data-type') || 'text';
      // Severity and numbers start from the largest, text from A.
      var descending = sort && sort.column === column ? !sort.descending : type === 'number';
      sort = { column: column, type: type, descending: descending };
      applySort();
      save();
    }
  });

  if (filter) {
    filter.value = state.filter || '';
    filter.addEventListener('input', function () { applyFilter(); save(); });
  }
  if (severity) {
    severity.value = state.severity || '0';
    severity.addEventListener('change', function () { applyFilter(); save(); });
  }
  if (fixable) {
    fixable.checked = Boolean(state.fixable);
    fixable.addEventListener('change', function () { applyFilter(); save(); });
  }
  applySort();
  applyFilter();
})();
`;
