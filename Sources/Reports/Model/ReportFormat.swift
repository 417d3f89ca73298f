/// The formats `dirbridge plan --format` offers. The raw value is the option's spelling.
package enum ReportFormat: String, Sendable, CaseIterable, Hashable {
    case text
    case json
    case csv
    case html

    /// The renderer that produces this format.
    package var renderer: any PlanRenderer {
        switch self {
        case .text: TextPlanRenderer()
        case .json: JSONPlanRenderer()
        case .csv: CSVPlanRenderer()
        case .html: HTMLPlanRenderer()
        }
    }

    /// The usual file name extension, for `--output` defaults.
    package var fileExtension: String { rawValue }

    /// The media type, for anything that serves or mails a report.
    package var mediaType: String {
        switch self {
        case .text: "text/plain; charset=utf-8"
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .html: "text/html; charset=utf-8"
        }
    }
}
