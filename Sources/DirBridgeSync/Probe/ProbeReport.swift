/// Everything one `dirbridge probe` found at one target, in step order.
package struct ProbeReport: Sendable, Hashable, Encodable {
    package struct Canary: Sendable, Hashable, Encodable {
        package var name: String
        package var mail: String
        package var anchor: String
        /// The vendor's id for the canary, once the create named it.
        package var vendorId: String?
    }

    package var target: String
    package var vendor: String
    package var deprovision: String
    package var canary: Canary
    package var steps: [ProbeStep]
    package var cleanup: ProbeCleanup

    /// The options to set, one per contradicted assumption, in step order.
    package var optionsToSet: [String] {
        var seen: Set<String> = []
        return steps.compactMap(\.verdict.option).filter { seen.insert($0).inserted }
    }

    /// 1: a step failed or the canary could not be cleaned up; 3: the vendor contradicted an
    /// assumption (the option to set is named); 0: everything as dirbridge assumes.
    package var exitStatus: Int32 {
        if cleanup.status == .failed || steps.contains(where: { $0.verdict.status == .failed }) { return 1 }
        if steps.contains(where: { $0.verdict.status == .contradicted }) { return 3 }
        return 0
    }

    enum CodingKeys: String, CodingKey {
        case target, vendor, deprovision, canary, steps, cleanup, optionsToSet, exitStatus
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(deprovision, forKey: .deprovision)
        try container.encode(canary, forKey: .canary)
        try container.encode(steps, forKey: .steps)
        try container.encode(cleanup, forKey: .cleanup)
        try container.encode(optionsToSet, forKey: .optionsToSet)
        try container.encode(exitStatus, forKey: .exitStatus)
    }
}
