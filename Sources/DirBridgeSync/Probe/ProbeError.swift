/// Why a probe does not start. Nothing has been sent to the vendor when it is thrown.
package struct ProbeError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Hashable {
        /// The probe could not clean up after itself at this target and was not told to leave
        /// its canary (`deprovision: ignore` without `--leave-canary`).
        case refused
        /// The target's mapping turns the canary into no payload a sync could send.
        case mappingRejectsCanary
    }

    package var code: Code
    package var target: String
    package var message: String

    package var description: String { "probe of target \(target): \(message)" }
}
