/// The page's inline style and script. Static text: nothing from the plan is ever put here.
enum HTMLAssets {
    static let style = """
    :root{--create:#2e7d32;--adopt:#00838f;--update:#1565c0;--reimport:#6a1b9a;--disable:#c62828;--rejected:#ef6c00;--line:#d0d7de;--muted:#57606a}
    *{box-sizing:border-box}
    body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
    header{background:#24292f;color:#fff;padding:12px 24px}
    header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#d0d7de}
    main{padding:16px 24px;max-width:1400px}
    h2{font-size:16px;margin:16px 0 8px}
    .banner{background:#ffebe9;border:2px solid #c62828;color:#82071e;padding:10px 14px;margin:8px 0;border-radius:6px}
    .overview{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
    table{border-collapse:collapse;background:#fff;border:1px solid var(--line)}
    th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
    th{background:#eaeef2;position:sticky;top:0}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    tr.blocked td{background:#fff5f5}
    .badge{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;white-space:nowrap;word-break:normal}
    .badge.blocked{background:#c62828}
    .badge.create{background:var(--create)}.badge.adopt{background:var(--adopt)}.badge.update{background:var(--update)}.badge.reimport{background:var(--reimport)}
    .badge.disable{background:var(--disable)}.badge.rejected{background:var(--rejected)}.badge.unmanaged{background:var(--muted)}
    .chart{max-width:100%;height:auto;background:#fff;border:1px solid var(--line)}
    .chart text{font-size:12px;fill:#1f2328}.chart .kind{text-anchor:end;fill:var(--muted)}
    .chart .target{font-weight:600}.chart .blocked-label{fill:#c62828;font-weight:700}
    .chart .blocked-band{fill:#fff0f0}
    .chart .create rect{fill:var(--create)}.chart .adopt rect{fill:var(--adopt)}.chart .update rect{fill:var(--update)}.chart .reimport rect{fill:var(--reimport)}
    .chart .disable rect{fill:var(--disable)}.chart .rejected rect{fill:var(--rejected)}
    .filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:8px}
    .filters input[type=search]{width:26em;padding:4px 6px}
    .filters fieldset{border:1px solid var(--line);padding:2px 8px;margin:0}.filters legend{font-size:12px;color:var(--muted)}
    .filters label{margin-right:6px}
    #filter-count{color:var(--muted)}
    #rows{width:100%}#rows td{word-break:break-word}
    #rows td.dn{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
    #rows ul{margin:0;padding-left:16px}
    del{color:#82071e;background:#ffebe9;text-decoration:line-through}ins{color:#116329;background:#dafbe1;text-decoration:none}
    .absent{color:var(--muted);font-style:italic}
    .note{color:var(--muted)}
    """

    static let script = """
    "use strict";
    (() => {
      const data = JSON.parse(document.getElementById("plan-data").textContent);
      const pageSize = 500;
      const rows = [];
      const show = (value) => value === null || value === undefined ? null
        : typeof value === "string" ? (value === "" ? '""' : value) : JSON.stringify(value);
      for (const target of data.targets) {
        for (const a of target.actions) {
          rows.push({target: target.name, blocked: target.blocked, kind: a.kind, dn: a.dn, anchor: a.anchor,
                     vendorId: a.vendorId, changes: a.changes,
                     reason: a.match ? "matched by " + a.match.field + " " + a.match.value : null});
        }
        for (const r of target.rejected) {
          rows.push({target: target.name, blocked: target.blocked, kind: "rejected", dn: r.dn, anchor: r.anchor,
                     vendorId: null, changes: [], reason: r.field + ": " + r.reason});
        }
        for (const u of target.unmanaged || []) {
          rows.push({target: target.name, blocked: target.blocked, kind: "unmanaged", dn: u.key, anchor: "",
                     vendorId: u.vendorId, changes: [], reason: "no directory user owns this account; never modified"});
        }
      }
      for (const row of rows) {
        const changes = row.changes.map((c) => c.field + " " + (show(c.old) ?? "") + " " + (show(c.new) ?? ""));
        row.search = [row.target, row.kind, row.dn, row.anchor, row.vendorId ?? "", row.reason ?? "", ...changes]
          .join("\\n").toLowerCase();
      }
      const text = document.getElementById("filter-text");
      const kinds = Array.from(document.querySelectorAll(".filter-kind"));
      const targetSelect = document.getElementById("filter-target");
      const body = document.querySelector("#rows tbody");
      const count = document.getElementById("filter-count");
      const more = document.getElementById("show-more");
      let matching = [];
      let drawn = 0;

      const element = (tag, content, className) => {
        const node = document.createElement(tag);
        if (content !== undefined && content !== null) node.textContent = content;
        if (className) node.className = className;
        return node;
      };
      const valueNode = (tag, value) => {
        const shown = show(value);
        return shown === null ? element("span", "(none)", "absent") : element(tag, shown);
      };
      const rowNode = (row) => {
        const tr = document.createElement("tr");
        const target = element("td", row.target);
        if (row.blocked) { target.append(" "); target.append(element("span", "BLOCKED", "badge blocked")); }
        tr.append(target);
        const kind = element("td"); kind.append(element("span", row.kind, "badge " + row.kind)); tr.append(kind);
        tr.append(element("td", row.dn, "dn"));
        tr.append(element("td", row.anchor, "dn"));
        tr.append(element("td", row.vendorId ?? ""));
        const detail = element("td");
        if (row.reason !== null) {
          detail.textContent = row.reason;
        } else if (row.changes.length > 0) {
          const list = element("ul");
          for (const c of row.changes) {
            const item = element("li");
            item.append(element("strong", c.field), ": ", valueNode("del", c.old), " → ", valueNode("ins", c.new));
            list.append(item);
          }
          detail.append(list);
        }
        tr.append(detail);
        return tr;
      };
      const drawMore = () => {
        const fragment = document.createDocumentFragment();
        const end = Math.min(drawn + pageSize, matching.length);
        for (; drawn < end; drawn++) fragment.append(rowNode(matching[drawn]));
        body.append(fragment);
        count.textContent = "Showing " + drawn + " of " + matching.length + " matching (" + rows.length + " in plan)";
        more.hidden = drawn >= matching.length;
      };
      const apply = () => {
        const needle = text.value.trim().toLowerCase();
        const wanted = new Set(kinds.filter((box) => box.checked).map((box) => box.value));
        const target = targetSelect.value;
        matching = rows.filter((row) => wanted.has(row.kind) && (target === "" || row.target === target)
          && (needle === "" || row.search.includes(needle)));
        body.textContent = "";
        drawn = 0;
        drawMore();
      };
      let pending;
      text.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(apply, 150); });
      for (const box of kinds) box.addEventListener("change", apply);
      targetSelect.addEventListener("change", apply);
      more.addEventListener("click", drawMore);
      apply();
    })();
    """
}
