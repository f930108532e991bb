/**
 * The page's CSS, inlined in one `<style>` element and allowed by its hash. Outcome colours are
 * custom properties, used by the bars, the legend and the details panel alike.
 */
export const PAGE_STYLE = `
:root {
  --bg: #fbfbfa; --fg: #1d2125; --muted: #69707a; --line: #e3e5e8; --panel: #ffffff;
  --hover: #f0f3f7; --selected: #dde8f6; --accent: #2f6fbe;
  --clean: #3c9a5f; --exited: #86b8a2; --terminated: #e0a32e; --killed: #dd6a2c;
  --reaped: #9268cf; --escaped: #cf2f2f; --allowed: #6f8db8; --span: #c9ced6;
  --row: 24px; --name: 44%;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16181b; --fg: #e3e6ea; --muted: #98a0aa; --line: #2c3036; --panel: #1d2024;
    --hover: #23272d; --selected: #26384f; --accent: #7fb0f0; --span: #4a5059;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.head { padding: 12px 16px 8px; border-bottom: 1px solid var(--line); }
.head h1 { margin: 0 0 4px; font-size: 18px; display: flex; align-items: center; gap: 10px; }
.verdict { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  padding: 2px 8px; border-radius: 10px; color: #fff; }
.verdict-clean { background: var(--clean); }
.verdict-leaked { background: var(--escaped); }
.verdict-skipped { background: var(--muted); }
.meta { color: var(--muted); margin: 0 0 6px; }
.totals { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0; padding: 0; list-style: none; }
.totals b { font-size: 15px; margin-right: 4px; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; padding: 8px 16px;
  border-bottom: 1px solid var(--line); }
.toolbar input[type=search] { width: 320px; max-width: 100%; padding: 4px 8px; border: 1px solid var(--line);
  border-radius: 4px; background: var(--panel); color: var(--fg); }
.toolbar button { padding: 3px 10px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel);
  color: var(--fg); cursor: pointer; }
#count { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-left: auto; color: var(--muted); font-size: 12px; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.swatch { display: inline-block; width: 12px; height: 8px; border-radius: 2px; }
.main { flex: 1; display: flex; min-height: 0; }
.rows { flex: 1; overflow: auto; position: relative; min-width: 0; }
.spacer { position: relative; }
.empty { padding: 16px; color: var(--muted); }
.row { position: absolute; left: 0; right: 0; height: var(--row); display: flex; align-items: center;
  border-bottom: 1px solid var(--line); cursor: pointer; white-space: nowrap; }
.row:hover { background: var(--hover); }
.row:focus { outline: 2px solid var(--accent); outline-offset: -2px; }
.row.selected { background: var(--selected); }
.name { width: var(--name); flex: none; overflow: hidden; text-overflow: ellipsis; padding-right: 8px;
  display: flex; align-items: center; gap: 6px; }
.name .label { overflow: hidden; text-overflow: ellipsis; }
.toggle { width: 14px; flex: none; color: var(--muted); text-align: center; }
.row-file { background: var(--panel); font-weight: 600; }
.row-file .count { font-weight: 400; color: var(--muted); }
.row-proc .pid { color: var(--muted); flex: none; }
.row-proc .kind { color: var(--muted); font-size: 11px; flex: none; }
.badge { flex: none; font-size: 10px; font-weight: 700; letter-spacing: .04em; padding: 0 5px; border-radius: 3px;
  color: #fff; background: var(--escaped); }
.badge.allowed { background: var(--allowed); }
.track { flex: 1; position: relative; height: 100%; border-left: 1px solid var(--line); min-width: 120px; }
.bar { position: absolute; top: 6px; height: calc(var(--row) - 13px); min-width: 2px; border-radius: 2px; }
.tick { position: absolute; top: 0; height: 100%; padding-left: 3px; border-left: 1px solid var(--line);
  color: var(--muted); font-size: 11px; font-weight: 400; line-height: var(--row); }
.tick.last { transform: translateX(-100%); border-left: 0; border-right: 1px solid var(--line); padding: 0 3px 0 0; }
.row-test .bar { background: var(--span); top: 8px; height: calc(var(--row) - 17px); }
.row-test.leaking .bar { box-shadow: 0 0 0 1px var(--escaped); }
.bar.open { border-top-right-radius: 0; border-bottom-right-radius: 0;
  mask-image: linear-gradient(to right, #000 85%, transparent); }
.bar.leak { outline: 1px solid var(--fg); outline-offset: 0; }
.notime { position: absolute; left: 6px; top: 3px; color: var(--muted); font-size: 11px; }
.o-clean { background: var(--clean); }
.o-exited { background: var(--exited); }
.o-terminated { background: var(--terminated); }
.o-killed { background: var(--killed); }
.o-reaped { background: var(--reaped); }
.o-escaped { background: var(--escaped); }
.o-allowed { background: var(--allowed); }
.details { width: 380px; flex: none; overflow: auto; border-left: 1px solid var(--line); padding: 12px 16px;
  background: var(--panel); }
.details h2 { font-size: 14px; margin: 0 0 10px; word-break: break-all; white-space: pre-wrap; }
.details dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
.details dt { color: var(--muted); }
.details dd { margin: 0; word-break: break-all; white-space: pre-wrap; }
.hint { color: var(--muted); }
.site { color: var(--accent); text-decoration: underline; text-underline-offset: 2px; cursor: text;
  user-select: all; }
.outcome { display: inline-flex; align-items: center; gap: 6px; }
`;
