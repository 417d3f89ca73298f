import DirBridgeCore
import Foundation
import Reports
import Testing

/// Runs the page's inline script under Node against a minimal DOM, driving the filters the way
/// a reviewer would. Skipped where Node is not installed.
@Suite(.enabled(if: PageScriptRunner.nodePath != nil, "needs node"))
struct HTMLPageScriptTests {
    @Test func filtersByKindTargetAndText() throws {
        let html = HTMLPlanRenderer().render(PlanFixtures.report())
        let states = try PageScriptRunner.run(html: html, steps: [
            ["action": "initial"],
            ["action": "kinds", "value": "rejected"],
            ["action": "kinds", "value": "create,update,reimport,disable,rejected"],
            ["action": "target", "value": PlanFixtures.hostileTarget],
            ["action": "target", "value": ""],
            ["action": "text", "value": "SMITH"],
            ["action": "text", "value": "lead"],
            ["action": "text", "value": "hunter2"],
            ["action": "text", "value": "<script>"],
        ])
        #expect(states[0].count == "Showing 8 of 8 matching (8 in plan)")
        #expect(states[0].rows.map { $0[1] } == ["create", "update", "reimport", "disable", "rejected", "rejected", "disable", "disable"])
        #expect(states[1].rows.map { $0[2] } == ["cn=Eve,dc=x", "cn=Mal,dc=x"])
        #expect(states[1].rows[1][5] == "Password: value '••••••' longer than 8 characters")
        #expect(states[2].rows.count == 8)
        #expect(states[3].rows.map { $0[0] } == [PlanFixtures.hostileTarget + " BLOCKED", PlanFixtures.hostileTarget + " BLOCKED"])
        #expect(states[3].rows.map { $0[4] } == [PlanFixtures.formulaVendorId, "-12"])
        #expect(states[5].rows.map { $0[2] } == [PlanFixtures.escapedCommaDN])
        #expect(states[5].rows[0][5] == "Title: Engineer → Lead"
                + "Password: •••••• → ••••••" + "Email: (none) → john@example.org" + "Phone: +1 555 → (none)")
        #expect(states[6].rows.map { $0[3] } == ["a2"])
        #expect(states[7].rows.isEmpty && states[7].count == "Showing 0 of 0 matching (8 in plan)")
        // The DN arrives as text: the script never parses directory data as markup.
        #expect(states[8].rows.map { $0[2] } == [PlanFixtures.scriptDN])
        #expect(states[8].markupAssignments == 0)
    }

    @Test func largePlansArePagedInFiveHundreds() throws {
        let actions = (0..<1_200).map { index in
            SyncAction(kind: .create, anchor: Anchor(String(format: "a%05d", index)), dn: "cn=u\(index),dc=x", vendorId: nil,
                       payload: TargetPayload(["Email": .string("u\(index)@x")]), payloadHash: "h", changes: nil)
        }
        let plan = SyncPlan(targets: [TargetPlan(target: "big", vendor: .requestor, actions: actions, rejected: [], blockedReason: nil)])
        let html = HTMLPlanRenderer().render(PlanReport(plan: plan, generatedAt: PlanFixtures.generatedAt, sourceDescription: "s"))
        let states = try PageScriptRunner.run(html: html, steps: [
            ["action": "initial"], ["action": "more"], ["action": "more"], ["action": "text", "value": "u1199@"],
        ])
        #expect(states.map(\.rows.count) == [500, 1_000, 1_200, 1])
        #expect(states.map(\.moreHidden) == [false, false, true, true])
        #expect(states[2].count == "Showing 1200 of 1200 matching (1200 in plan)")
        #expect(states[2].rows.last?[2] == "cn=u1199,dc=x")
    }
}

enum PageScriptRunner {
    struct State: Decodable {
        var count: String
        var rows: [[String]]
        var moreHidden: Bool
        var markupAssignments: Int
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static let nodePath: String? = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(html: String, steps: [[String: String]]) throws -> [State] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("page.html")
        let stepsFile = directory.appendingPathComponent("steps.json")
        let harness = directory.appendingPathComponent("harness.js")
        try html.write(to: page, atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: steps).write(to: stepsFile)
        try harnessSource.write(to: harness, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(nodePath))
        process.arguments = [harness.path, page.path, stepsFile.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "node exited \(process.terminationStatus): \(errorText)")
        }
        return try JSONDecoder().decode([State].self, from: data)
    }

    /// A DOM just large enough for the page script; `innerHTML` is counted, never interpreted.
    private static let harnessSource = #"""
    "use strict";
    const fs = require("fs");
    const [page, stepsPath] = process.argv.slice(2);
    const html = fs.readFileSync(page, "utf8");
    const steps = JSON.parse(fs.readFileSync(stepsPath, "utf8"));
    const dataText = html.match(/<script type="application\/json" id="plan-data">([\s\S]*?)<\/script>/)[1];
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    if (scripts.length !== 1) throw new Error("expected one inline script, found " + scripts.length);
    const kindValues = [...html.matchAll(/class="filter-kind" value="([a-z]+)"/g)].map((m) => m[1]);
    let markupAssignments = 0;

    class Element {
      constructor(tag) { this.tag = tag; this.children = []; this.className = ""; this.hidden = false; this.listeners = {}; this.value = ""; this.checked = true; }
      get textContent() { return this.children.map((c) => typeof c === "string" ? c : c.textContent).join(""); }
      set textContent(text) { this.children = text === "" ? [] : [String(text)]; }
      set innerHTML(_) { markupAssignments++; }
      append(...nodes) { for (const n of nodes) { if (n instanceof Fragment) this.children.push(...n.children); else this.children.push(n); } }
      appendChild(n) { this.append(n); return n; }
      addEventListener(type, handler) { (this.listeners[type] ||= []).push(handler); }
      fire(type) { for (const handler of this.listeners[type] || []) handler(); }
    }
    class Fragment extends Element {}
    const data = new Element("script"); data.textContent = dataText;
    const text = new Element("input");
    const targetSelect = new Element("select");
    const tbody = new Element("tbody");
    const count = new Element("span");
    const more = new Element("button");
    const kinds = kindValues.map((value) => { const box = new Element("input"); box.value = value; return box; });
    const byId = {"plan-data": data, "filter-text": text, "filter-target": targetSelect, "filter-count": count, "show-more": more};
    globalThis.document = {
      getElementById: (id) => byId[id] ?? null,
      querySelector: (selector) => selector === "#rows tbody" ? tbody : null,
      querySelectorAll: (selector) => selector === ".filter-kind" ? kinds : [],
      createElement: (tag) => new Element(tag),
      createDocumentFragment: () => new Fragment("#fragment"),
    };
    globalThis.setTimeout = (handler) => { handler(); return 0; };
    globalThis.clearTimeout = () => {};
    new Function(scripts[0])();

    const states = [];
    for (const step of steps) {
      switch (step.action) {
        case "initial": break;
        case "more": more.fire("click"); break;
        case "text": text.value = step.value; text.fire("input"); break;
        case "target": targetSelect.value = step.value; targetSelect.fire("change"); break;
        case "kinds": {
          const wanted = step.value.split(",");
          for (const box of kinds) box.checked = wanted.includes(box.value);
          kinds[0].fire("change");
          break;
        }
        default: throw new Error("unknown step " + step.action);
      }
      states.push({
        count: count.textContent,
        rows: tbody.children.map((row) => row.children.map((cell) => cell.textContent)),
        moreHidden: more.hidden,
        markupAssignments,
      });
    }
    process.stdout.write(JSON.stringify(states));
    """#
}
