/// What one probe step says about one of dirbridge's assumptions on the vendor.
package struct ProbeVerdict: Sendable, Hashable, Encodable {
    package enum Status: String, Sendable, Hashable, Encodable {
        /// The vendor answered as dirbridge assumes.
        case confirmed
        /// The vendor answered otherwise than its document or the usual answer, and dirbridge
        /// copes with it as it is: nothing to set.
        case handled
        /// Nothing to confirm (the vendor has no such request); said so the operator knows.
        case info
        /// The vendor contradicts the target's configuration: ``ProbeVerdict/option`` says what to set.
        case contradicted
        /// The step did not do what it must (an error, an unproven answer, a lost canary).
        case failed
    }

    package var status: Status
    /// The assumption checked, as `docs/vendor-behaviour.md` words it.
    package var assumption: String
    /// What the vendor's answer showed.
    package var finding: String
    /// The configuration to set when contradicted (`options.delete_parameters: query`).
    package var option: String?

    package static func confirmed(_ assumption: String, _ finding: String) -> ProbeVerdict {
        ProbeVerdict(status: .confirmed, assumption: assumption, finding: finding)
    }

    package static func handled(_ assumption: String, _ finding: String) -> ProbeVerdict {
        ProbeVerdict(status: .handled, assumption: assumption, finding: finding)
    }

    package static func info(_ assumption: String, _ finding: String) -> ProbeVerdict {
        ProbeVerdict(status: .info, assumption: assumption, finding: finding)
    }

    package static func contradicted(_ assumption: String, _ finding: String, option: String) -> ProbeVerdict {
        ProbeVerdict(status: .contradicted, assumption: assumption, finding: finding, option: option)
    }

    package static func failed(_ assumption: String, _ finding: String) -> ProbeVerdict {
        ProbeVerdict(status: .failed, assumption: assumption, finding: finding)
    }
}
