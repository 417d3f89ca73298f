import DirBridgeCore

/// The plan as one self-contained HTML page: no external assets, a Content-Security-Policy that
/// forbids any network access, a summary table and chart that need no script, and a filterable
/// table of actions and rejections drawn by a small inline script from an embedded JSON block.
///
/// Every directory-derived string is either HTML-escaped or sits in the JSON block with `<`,
/// `>` and `&` escaped as `\u003c`…; the script only ever assigns `textContent`.
/// The table shows results page by page, so a first import of 500,000 rows stays usable.
package struct HTMLPlanRenderer: PlanRenderer {
    package init() {}

    package func render<Output: TextOutputStream>(_ report: PlanReport, to output: inout Output) {
        let targets = report.reportedTargets
        let generated = HTMLEscaping.escape(report.generatedAtText)
        output.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        output.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        output.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n")
        output.write("<meta name=\"referrer\" content=\"no-referrer\">\n")
        output.write("<title>dirbridge plan \(generated)</title>\n<style>\(HTMLAssets.style)</style>\n</head>\n<body>\n")
        output.write("<header><h1>dirbridge plan</h1><p>Generated <time datetime=\"\(generated)\">\(generated)</time>")
        output.write(" · Source: <span class=\"source\">\(HTMLEscaping.escape(report.sourceDescription))</span></p></header>\n<main>\n")
        writeSummary(targets, to: &output)
        writeActionsSection(targets, to: &output)
        output.write("</main>\n<script type=\"application/json\" id=\"plan-data\">")
        JSONPlanRenderer.write(report, json: JSONText(htmlSafe: true), to: &output)
        output.write("</script>\n<script>\(HTMLAssets.script)</script>\n</body>\n</html>\n")
    }

    private func writeSummary<Output: TextOutputStream>(_ targets: [ReportedTarget], to output: inout Output) {
        output.write("<section class=\"summary\"><h2>Summary</h2>\n")
        for target in targets {
            guard let reason = target.blockedReason else { continue }
            output.write("<div class=\"banner\" role=\"alert\"><strong>BLOCKED</strong> \(HTMLEscaping.escape(target.name)): ")
            output.write("\(HTMLEscaping.escape(reason)) — nothing is sent to this target unless forced.</div>\n")
        }
        output.write("<div class=\"overview\"><table class=\"counts\"><thead><tr><th>Target</th><th>Vendor</th>")
        for kind in ActionKind.allCases { output.write("<th class=\"num\">\(kind.rawValue)</th>") }
        output.write("<th class=\"num\">rejected</th><th>Status</th></tr></thead><tbody>\n")
        for target in targets {
            let blocked = target.blockedReason != nil
            output.write("<tr\(blocked ? " class=\"blocked\"" : "")><td>\(HTMLEscaping.escape(target.name))</td><td>\(target.vendor)</td>")
            for column in target.summary.columns { output.write("<td class=\"num\">\(column.count)</td>") }
            output.write(blocked ? "<td><span class=\"badge blocked\">BLOCKED</span></td>" : "<td>ready</td>")
            output.write("</tr>\n")
        }
        if targets.isEmpty { output.write("<tr><td colspan=\"8\">No targets configured.</td></tr>\n") }
        output.write("</tbody></table>\n")
        CountsChart(targets: targets).render(to: &output)
        output.write("</div></section>\n")
    }

    private func writeActionsSection<Output: TextOutputStream>(_ targets: [ReportedTarget], to output: inout Output) {
        output.write("<section class=\"actions\"><h2>Actions and rejections</h2>\n<div class=\"filters\">")
        output.write("<input type=\"search\" id=\"filter-text\" placeholder=\"Filter: DN, anchor, vendor id, field, value, reason\" aria-label=\"Filter text\">")
        output.write("<fieldset><legend>Kinds</legend>")
        for kind in ActionKind.allCases.map(\.rawValue) + ["rejected", "unmanaged"] {
            output.write("<label class=\"kind-\(kind)\"><input type=\"checkbox\" class=\"filter-kind\" value=\"\(kind)\" checked> \(kind)</label>")
        }
        output.write("</fieldset><label>Target <select id=\"filter-target\"><option value=\"\">All targets</option>")
        for target in targets {
            let name = HTMLEscaping.escape(target.name)
            output.write("<option value=\"\(name)\">\(name)\(target.blockedReason != nil ? " (BLOCKED)" : "")</option>")
        }
        output.write("</select></label><span id=\"filter-count\" aria-live=\"polite\"></span></div>\n")
        output.write("<noscript><p class=\"note\">The table needs JavaScript; the summary above and the JSON and CSV formats do not.</p></noscript>\n")
        output.write("<table id=\"rows\"><thead><tr><th>Target</th><th>Kind</th><th>DN</th><th>Anchor</th><th>Vendor id</th><th>Changes / reason</th></tr></thead><tbody></tbody></table>\n")
        output.write("<p><button type=\"button\" id=\"show-more\" hidden>Show more</button></p></section>\n")
    }
}
