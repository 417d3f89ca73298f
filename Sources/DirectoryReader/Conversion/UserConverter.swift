import DirBridgeCore
import Logging

/// Turns one user entry into a `DirectoryUser`: anchor, enabled state, reported attributes and
/// the full (nested) group list.
///
/// An account past its expiry date is disabled as of `now`, the time of the read: the directory
/// writes no change when the date passes, so the earliest expiry still ahead is remembered
/// (`nextAccountExpiry`) for the next run to know when a delta read would miss one.
///
/// Runs once per user, so it remembers what each attribute name (as the server spells it) is
/// for, and which group each raw `memberOf` value names, instead of re-deriving it per entry.
struct UserConverter {
    let plan: ReadPlan
    private(set) var groups: GroupIndex
    /// The read's time, in seconds since 1970.
    let now: Int64
    /// The earliest account expiry after `now` among the users converted so far.
    private(set) var nextAccountExpiry: Int64?
    /// Entries met that could not be read as users, in the order met.
    private(set) var unreadable: [UnreadableEntry] = []
    private var roles: [(name: String, role: AttributeRole)] = []
    private var groupByMemberOf: [String: Int] = [:]
    private var groupLists = GroupListMemo()
    private var attributes = DirectoryAttributes.Builder()

    init(plan: ReadPlan, groups: GroupIndex, now: Int64) {
        self.plan = plan
        self.groups = groups
        self.now = now
    }

    /// The same converter answering from `groups`, an index of the same group read built for
    /// other users: group positions are the read's, so what it learnt about `memberOf` values holds.
    func answering(from groups: GroupIndex) -> UserConverter {
        var converter = self
        converter.groups = groups
        return converter
    }

    /// `memberOf` values seen so far that name no group of the group search: outside the group
    /// base or filter, so they and their nesting are ignored.
    var unresolvedMemberOf: [String] {
        groupByMemberOf.compactMap { $0.value < 0 ? $0.key : nil }.sorted()
    }

    /// What the reader does with one attribute of a user entry.
    private struct AttributeRole {
        var isAnchor = false
        /// Lowercased, when the enabled rule reads this attribute.
        var enabledRuleAttribute: String?
        var isAccountExpiry = false
        var isMemberOf = false
        var isUid = false
        var isObjectGUID = false
        var isObjectSid = false
        var isPrimaryGroupID = false
        /// Lowercased name when the attribute is reported in `DirectoryUser.attributes`.
        var reportedName: String?
        var binary = false
    }

    /// The user of `entry`, or nil when it cannot be read: that user alone is then held back,
    /// kept in ``unreadable`` and logged with the attribute at fault; the read goes on.
    mutating func readableUser(from entry: LDAPEntry, logger: Logger) -> DirectoryUser? {
        do {
            return try user(from: entry)
        } catch {
            unreadable.append(error)
            logger.error("\(error); this user is held back at every target, the others are read", metadata: [
                "dn": "\(error.dn)", "attribute": "\(error.attribute)",
            ])
            return nil
        }
    }

    /// - Throws: ``UnreadableEntry`` naming the attribute that cannot be read.
    mutating func user(from entry: LDAPEntry) throws(UnreadableEntry) -> DirectoryUser {
        var anchor: String?
        var memberOf: [ArraySlice<UInt8>] = []
        var uids: [String] = []
        var enabledValues: [(name: String, values: [String])] = []
        var expiry: String?
        var sid: String?
        var primaryGroupID: String?
        attributes.begin()

        for (position, attribute) in entry.attributes.enumerated() {
            let role = role(of: attribute.name, at: position)
            if role.isAnchor, attribute.count > 0 {
                let first = entry.value(attribute, 0)
                anchor = role.isObjectGUID ? ObjectGUID.format(first) : plan.encoding.encode(first, binary: role.binary)
                if anchor == nil {
                    throw UnreadableEntry(
                        dn: entry.dn, anchor: nil, attribute: attribute.name, reason: "its objectGUID is \(first.count) bytes, expected 16")
                }
            }
            if let name = role.enabledRuleAttribute { enabledValues.append((name, entry.strings(attribute))) }
            if role.isAccountExpiry { expiry = entry.strings(attribute).first }
            if role.isMemberOf { memberOf = entry.values(attribute) }
            if role.isUid { uids = entry.strings(attribute) }
            if role.isObjectSid, attribute.count > 0 { sid = SecurityIdentifier.format(entry.value(attribute, 0)) }
            if role.isPrimaryGroupID { primaryGroupID = entry.strings(attribute).first }
            if let name = role.reportedName {
                attributes.attribute(name)
                for index in 0..<attribute.count {
                    attributes.append(plan.encoding.encode(entry.value(attribute, index), binary: role.binary))
                }
            }
        }
        // Without an anchor he cannot be matched to his past self: held back, his records are
        // known by DN (never taken for a leaver's).
        guard let anchor, !anchor.isEmpty else {
            throw UnreadableEntry(
                dn: entry.dn, anchor: nil, attribute: plan.anchorAttribute,
                reason: "it has no value for the anchor attribute \(plan.anchorAttribute)")
        }
        let userAnchor = Anchor(anchor)
        let expired = try hasExpired(entry, userAnchor, expiry)
        let enabled = try isEnabled(entry, userAnchor, values: enabledValues) && !expired
        var direct: [Int] = []
        for value in memberOf {
            if let group = group(forMemberOf: value) { direct.append(group) }
        }
        if let sid, let primaryGroupID, let groupSID = SecurityIdentifier.primaryGroup(ofUser: sid, primaryGroupID: primaryGroupID),
           let group = groups.index(ofGroupSID: groupSID) {
            direct.append(group)
        }
        direct = groups.directGroups(direct, userDN: entry.dn, uids: plan.membership == .groupMembers ? uids : [])
        let groupDNs = groupLists.names(reachedFrom: direct, in: groups)
        return DirectoryUser(
            anchor: userAnchor, dn: entry.dn, enabled: enabled,
            attributes: attributes.build(), sortedGroups: groupDNs)
    }

    private mutating func role(of name: String, at position: Int) -> AttributeRole {
        // A server lists a search's attributes in the same order entry after entry: the role
        // at the same position is nearly always the one, found with one comparison.
        if position < roles.count, roles[position].name == name { return roles[position].role }
        if let known = roles.first(where: { $0.name == name }) { return known.role }
        let lowercased = name.lowercased()
        var role = AttributeRole()
        role.isAnchor = name.caseInsensitiveEquals(plan.anchorAttribute)
        role.isObjectGUID = lowercased == "objectguid"
        role.isObjectSid = lowercased == "objectsid"
        role.isPrimaryGroupID = lowercased == "primarygroupid"
        role.enabledRuleAttribute = plan.enabledRule.attributes.contains(where: name.caseInsensitiveEquals) ? lowercased : nil
        role.isAccountExpiry = plan.accountExpiryAttribute.map(name.caseInsensitiveEquals) ?? false
        role.isMemberOf = lowercased == "memberof"
        role.isUid = lowercased == "uid"
        role.reportedName = plan.reportedAttributes.contains(lowercased) ? lowercased : nil
        role.binary = plan.encoding.isBinary(lowercased)
        roles.append((name, role))
        return role
    }

    private mutating func group(forMemberOf value: ArraySlice<UInt8>) -> Int? {
        let dn = String(decoding: value, as: UTF8.self)
        if let known = groupByMemberOf[dn] { return known >= 0 ? known : nil }
        let index = groups.index(ofGroup: dn)
        // Bounded by the number of distinct memberOf values, i.e. groups in the directory.
        groupByMemberOf[dn] = index ?? -1
        return index
    }

    private func isEnabled(
        _ entry: LDAPEntry, _ anchor: Anchor, values: [(name: String, values: [String])]
    ) throws(UnreadableEntry) -> Bool {
        let verdict = plan.enabledRule.isEnabled { name in
            values.first { name.caseInsensitiveEquals($0.name) }?.values ?? []
        }
        guard let verdict else {
            let uac = values.first { $0.name == "useraccountcontrol" }?.values.first
            throw UnreadableEntry(
                dn: entry.dn, anchor: anchor, attribute: "userAccountControl",
                reason: "its userAccountControl is \(uac.map { "'\($0)'" } ?? "missing"), expected an integer")
        }
        return verdict
    }

    /// Seconds since 1970 of an end date, nil for "never": a day count (`shadowExpire`: days
    /// since 1970, expired from that day on; -1 and 0 never), GeneralizedTime, or an AD FILETIME.
    /// The two integers cannot be confused: a FILETIME of this era has 18 digits.
    static func accountExpiry(_ value: String) throws(DateConversionError) -> Int64? {
        if let days = Int64(value), days.magnitude < 10_000_000 {
            return days > 0 ? days * 86_400 : nil
        }
        return try DateConversion.unixSeconds(from: value)
    }

    /// Whether the account's expiry date has passed; one still ahead is remembered.
    private mutating func hasExpired(_ entry: LDAPEntry, _ anchor: Anchor, _ value: String?) throws(UnreadableEntry) -> Bool {
        guard let value, let attribute = plan.accountExpiryAttribute else { return false }
        let expiry: Int64?
        do {
            expiry = try Self.accountExpiry(value)
        } catch {
            throw UnreadableEntry(
                dn: entry.dn, anchor: anchor, attribute: attribute, reason: "its \(attribute) is '\(value)', not a date: \(error.reason)")
        }
        guard let expiry else { return false }
        if expiry <= now { return true }
        nextAccountExpiry = min(nextAccountExpiry ?? expiry, expiry)
        return false
    }
}
