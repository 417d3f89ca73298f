import Foundation

/// One result of `dirbridge check`: what was checked, how it went, and what to do about it.
package struct CheckLine: Sendable {
    package enum Status: String, Sendable {
        case ok, info, warning, failed
    }

    package var status: Status
    /// What was checked: `config`, `directory`, `target sertica`, `store`, `store lock`.
    package var subject: String
    package var message: String

    package static func ok(_ subject: String, _ message: String) -> CheckLine { CheckLine(status: .ok, subject: subject, message: message) }
    package static func info(_ subject: String, _ message: String) -> CheckLine { CheckLine(status: .info, subject: subject, message: message) }
    package static func warning(_ subject: String, _ message: String) -> CheckLine {
        CheckLine(status: .warning, subject: subject, message: message)
    }
    package static func failed(_ subject: String, _ message: String) -> CheckLine {
        CheckLine(status: .failed, subject: subject, message: message)
    }

    /// `ok      directory: 300 users read from ldap://…`: the status padded so messages line up.
    package var text: String {
        status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + "\(subject): \(message)"
    }
}
