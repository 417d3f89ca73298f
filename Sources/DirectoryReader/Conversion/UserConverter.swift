import DirBridgeCore

/// Turns one user entry into a `DirectoryUser`: anchor, enabled state, reported attributes and
/// the full (nested) group list.
struct UserConverter: Sendable {
    let plan: ReadPlan
    let groups: GroupIndex

    func user(from entry: LDAPEntry) throws(LDAPError) -> DirectoryUser {
        var anchor: String?
        var memberOf: [String] = []
        var uids: [String] = []
        var enabledValues: [String] = []
        var attributes: [String: [String]] = [:]
        let enabledAttribute = plan.enabledRule.attribute

        for attribute in entry.attributes {
            let name = attribute.name.lowercased()
            if attribute.name.caseInsensitiveEquals(plan.anchorAttribute), let first = attribute.values.first {
                anchor = name == "objectguid" ? ObjectGUID.format(first) : plan.encoding.encode(first, binary: plan.encoding.isBinary(name))
                if anchor == nil {
                    throw invalid(entry, "its objectGUID is \(first.count) bytes, expected 16")
                }
            }
            if let enabledAttribute, attribute.name.caseInsensitiveEquals(enabledAttribute) {
                enabledValues = attribute.values.map { String(decoding: $0, as: UTF8.self) }
            }
            if name == "memberof" { memberOf = attribute.values.map { String(decoding: $0, as: UTF8.self) } }
            if name == "uid" { uids = attribute.values.map { String(decoding: $0, as: UTF8.self) } }
            if plan.reportedAttributes.contains(name) {
                let binary = plan.encoding.isBinary(name)
                attributes[name] = attribute.values.map { plan.encoding.encode($0, binary: binary) }
            }
        }
        // A user without an anchor cannot be matched to its past self; reading on would make
        // it look like a leaver plus a newcomer, so the whole read stops instead.
        guard let anchor, !anchor.isEmpty else {
            throw invalid(entry, "it has no value for the anchor attribute \(plan.anchorAttribute)")
        }
        let enabled = try isEnabled(entry, values: enabledValues)
        let groupDNs = groups.groups(userDN: entry.dn, memberOf: memberOf, uids: plan.membership == .groupMembers ? uids : [])
        return DirectoryUser(anchor: Anchor(anchor), dn: entry.dn, enabled: enabled, attributes: attributes, groups: groupDNs)
    }

    private func isEnabled(_ entry: LDAPEntry, values: [String]) throws(LDAPError) -> Bool {
        switch plan.enabledRule {
        case .always:
            return true
        case .userAccountControl:
            guard let text = values.first, let flags = Int64(text) else {
                throw invalid(entry, "its userAccountControl is \(values.first.map { "'\($0)'" } ?? "missing"), expected an integer")
            }
            return flags & 0x2 == 0
        case .attributePresent:
            return !values.isEmpty
        case .attributeAbsent:
            return values.isEmpty
        case .attributeEquals(_, let expected):
            return values.contains { $0.caseInsensitiveCompare(expected) == .orderedSame }
        case .attributeNotEquals(_, let excluded):
            return !values.contains { $0.caseInsensitiveCompare(excluded) == .orderedSame }
        }
    }

    private func invalid(_ entry: LDAPEntry, _ reason: String) -> LDAPError {
        LDAPError(.invalidEntry, operation: "convert user \(entry.dn)", context: "user \(entry.dn) cannot be read: \(reason)")
    }
}
