import DirBridgeCore
import Foundation
import Reports
import Testing

@Suite struct HTMLPlanRendererTests {
    private let html = HTMLPlanRenderer().render(PlanFixtures.report())

    /// The text between `<script type="application/json" id="plan-data">` and its `</script>`.
    static func embeddedData(_ html: String) throws -> String {
        let open = try #require(html.range(of: "<script type=\"application/json\" id=\"plan-data\">"))
        let close = try #require(html.range(of: "</script>", range: open.upperBound..<html.endIndex))
        return String(html[open.upperBound..<close.lowerBound])
    }

    @Test func directoryTextCannotOpenOrCloseElements() throws {
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("alert(1)</script>"))
        #expect(!html.contains("<b>"))
        // Exactly the page's own two script elements open and close.
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        #expect(html.components(separatedBy: "</script").count - 1 == 2)
        #expect(html.components(separatedBy: "<!--").count == 1)
    }

    @Test func escapesAllFiveCharactersInMarkup() {
        let escapedTarget = "ops&lt;&amp;&gt;&quot;&#39;"
        #expect(html.contains("<td>\(escapedTarget)</td>"))
        #expect(html.contains("<option value=\"\(escapedTarget)\">\(escapedTarget) (BLOCKED)</option>"))
        #expect(html.contains("<text class=\"target\" x=\"6\" y=\"117\">\(escapedTarget)</text>"))
        #expect(html.contains("(100% &gt; limit 10%) &lt;b&gt;"))
        #expect(!html.contains(PlanFixtures.hostileTarget))
    }

    @Test func embeddedDataIsScriptSafeAndRoundTrips() throws {
        let data = try Self.embeddedData(html)
        #expect(!data.contains("<") && !data.contains(">") && !data.contains("&"))
        #expect(data.contains(#""dn":"cn=\u003cscript\u003ealert(1)\u003c/script\u003e,dc=x""#))
        let document = try #require(JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        let dns = try targets.flatMap { try #require($0["actions"] as? [[String: Any]]).compactMap { $0["dn"] as? String } }
        #expect(dns.contains(PlanFixtures.scriptDN))
        #expect(dns.contains(PlanFixtures.escapedCommaDN))
        #expect(targets[1]["name"] as? String == PlanFixtures.hostileTarget)
        // Same document as the JSON format, only escaped differently.
        let json = JSONPlanRenderer().render(PlanFixtures.report())
        let reference = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        #expect(reference == (document as NSDictionary))
    }

    @Test func pageIsSelfContained() {
        for reference in ["src=", "href=", "url(", "@import", "<link", "<iframe", "<img"] {
            #expect(!html.contains(reference), "page references an external asset via \(reference)")
        }
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none';"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func showsGenerationTimeBlockedTargetsChartAndFilters() {
        #expect(html.contains("<time datetime=\"2026-11-23T12:00:00Z\">2026-11-23T12:00:00Z</time>"))
        #expect(html.contains("<div class=\"banner\" role=\"alert\"><strong>BLOCKED</strong> ops&lt;"))
        #expect(html.components(separatedBy: "class=\"banner\"").count - 1 == 1)
        #expect(html.contains("<tr class=\"blocked\"><td>ops&lt;"))
        #expect(html.contains("<text class=\"blocked-label\""))
        // One bar per target and column, the largest count spanning the bar area.
        #expect(html.components(separatedBy: "<g class=\"bar ").count - 1 == 3 * 6, "one bar per target and kind (five kinds) and rejected")
        #expect(html.contains("<title>sertica-prod: 2 rejected</title><text class=\"kind\" x=\"184\" y=\"98\">rejected</text><rect x=\"190\" y=\"87\" width=\"420\""))
        #expect(html.contains("<title>sertica-prod: 1 create</title><text class=\"kind\" x=\"184\" y=\"13\">create</text><rect x=\"190\" y=\"2\" width=\"210\""))
        for kind in ["create", "adopt", "update", "reimport", "disable", "rejected"] {
            #expect(html.contains("<input type=\"checkbox\" class=\"filter-kind\" value=\"\(kind)\" checked>"))
        }
        #expect(html.contains("<input type=\"search\" id=\"filter-text\""))
        #expect(html.contains("<select id=\"filter-target\"><option value=\"\">All targets</option><option value=\"sertica-prod\">"))
    }
}
