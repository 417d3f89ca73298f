import DirBridgeCore
import Foundation
import Reports
import Testing

@Suite struct DeterminismTests {
    @Test(arguments: ReportFormat.allCases)
    func sameReportSameBytes(_ format: ReportFormat) {
        let renderer = format.renderer
        let first = renderer.render(PlanFixtures.report())
        #expect(renderer.render(PlanFixtures.report()) == first)
        // Dictionaries built in another order must not change a byte.
        #expect(renderer.render(PlanFixtures.report(reversedPayloadOrder: true)) == first)
    }

    @Test(arguments: ReportFormat.allCases)
    func streamingAndStringRenderingAgree(_ format: ReportFormat) {
        struct Chunks: TextOutputStream {
            var parts: [String] = []
            mutating func write(_ string: String) { parts.append(string) }
        }
        var chunks = Chunks()
        format.renderer.render(PlanFixtures.report(), to: &chunks)
        #expect(chunks.parts.count > 10)
        #expect(chunks.parts.joined() == format.renderer.render(PlanFixtures.report()))
    }

    @Test func formatsMapToTheirRenderers() {
        let report = PlanFixtures.report()
        #expect(ReportFormat(rawValue: "html") == .html)
        #expect(ReportFormat.text.renderer.render(report).hasPrefix("dirbridge plan\n"))
        #expect(ReportFormat.json.renderer.render(report).hasPrefix("{\"targets\":["))
        #expect(ReportFormat.csv.renderer.render(report).hasPrefix("target,vendor,kind,"))
        #expect(ReportFormat.html.renderer.render(report).hasPrefix("<!DOCTYPE html>"))
    }
}
