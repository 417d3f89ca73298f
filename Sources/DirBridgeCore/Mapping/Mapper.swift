/// Applies a `Mapping` to directory users. Pure: same user and mapping, same payload.
package struct Mapper: Sendable {
    package let mapping: Mapping

    package init(mapping: Mapping) {
        self.mapping = mapping
    }

    /// One user's target payload, or every field error at once (so an administrator fixes the
    /// entry in one go). Empty fields are omitted; an empty `required` field is an error.
    package func map(_ user: DirectoryUser) -> Result<TargetUser, MappingFailure> {
        var fields: [String: FieldValue] = [:]
        fields.reserveCapacity(mapping.orderedFields.count)
        var errors: [MappingError] = []
        for field in mapping.orderedFields {
            switch field.evaluate(for: user) {
            case .success(let value?): fields[field.name] = value
            case .success(nil): continue
            case .failure(let error): errors.append(error)
            }
        }
        guard errors.isEmpty else { return .failure(MappingFailure(errors: errors)) }
        return .success(TargetUser(anchor: user.anchor, dn: user.dn, enabled: user.enabled, payload: TargetPayload(fields)))
    }

    /// Maps and validates a whole directory for one target: accepted users (with their payload
    /// hashes, for `DiffInput(target:vendor:prepared:…)`) and one rejection per failing field of
    /// every refused user. Same result as `map` + `SchemaValidator.validate` + `payload.hash`,
    /// in one pass: schema checks are resolved per field once, and the canonical JSON is
    /// written while mapping (fields are already in key order), so nothing is sorted or looked
    /// up per user. Payloads are hashed, not kept (see `PreparedUsers`).
    ///
    /// Only enabled users can be rejected. A disabled user's new payload is never sent (a
    /// disable re-sends the stored one), and leavers often have attributes stripped: rejecting
    /// them would keep their vendor accounts active. They pass with whatever mapped, possibly
    /// an empty payload.
    package func prepare(_ users: [DirectoryUser], schema: VendorSchema) -> PreparedUsers {
        assemble([prepare(users, users.indices, schema: schema, memo: nil)], users: users, schema: schema, memo: nil).users
    }

    /// `prepare(_:schema:)` split into `parts` slices of the directory mapped concurrently:
    /// the same result, in the same order, in a fraction of the time when cores are idle.
    package func prepare(_ users: [DirectoryUser], schema: VendorSchema, parts: Int) async -> PreparedUsers {
        await prepare(users, schema: schema, parts: parts, memo: nil).users
    }

    /// The same, taking the payload hash and unique keys `memo` remembers for every user whose
    /// digest it matches instead of mapping him; returns what the memo should remember now (the
    /// users mapped this time, minus the entries that no longer match). Same result as without
    /// a memo: mapping is pure.
    package func prepare(
        _ users: [DirectoryUser], schema: VendorSchema, parts: Int, memo: MappingMemo?
    ) async -> (users: PreparedUsers, memo: MappingMemoUpdate?) {
        let size = max(1, (users.count + max(parts, 1) - 1) / max(parts, 1))
        let slices: [PreparedPart]
        // Below a few thousand users a task costs more than it saves.
        if parts > 1, users.count >= 4_096 {
            slices = await withTaskGroup(of: (Int, PreparedPart).self) { group in
                for (order, start) in stride(from: 0, to: users.count, by: size).enumerated() {
                    group.addTask { (order, prepare(users, start..<min(start + size, users.count), schema: schema, memo: memo)) }
                }
                var slices: [(Int, PreparedPart)] = []
                for await slice in group { slices.append(slice) }
                return slices.sorted { $0.0 < $1.0 }.map(\.1)
            }
        } else {
            slices = [prepare(users, users.indices, schema: schema, memo: memo)]
        }
        return assemble(slices, users: users, schema: schema, memo: memo)
    }

    /// The prepared users of consecutive slices of `users`, and the memo's update.
    private func assemble(
        _ slices: [PreparedPart], users: [DirectoryUser], schema: VendorSchema, memo: MappingMemo?
    ) -> (users: PreparedUsers, memo: MappingMemoUpdate?) {
        var whole = slices.count == 1 ? slices[0] : PreparedPart(capacity: users.count)
        for slice in slices where slices.count > 1 {
            whole.keys.append(slice.keys, offset: whole.acceptedIndices.count)
            whole.acceptedIndices += slice.acceptedIndices
            whole.hashes.append(contentsOf: slice.hashes)
            whole.rejections += slice.rejections
            whole.remembered += slice.remembered
            whole.rememberedRanks += slice.rememberedRanks
        }
        // A full read's order comes with its digests, shared by every target.
        let anchorOrder = memo?.directory.anchors ?? AnchorOrder(users)
        let prepared = PreparedUsers(
            directory: users, anchorOrder: anchorOrder, acceptedIndices: whole.acceptedIndices, mapper: self,
            payloadHashes: whole.hashes, rejections: whole.rejections,
            keyCollisions: collisions(whole.keys, schema: schema, users: users, accepted: whole.acceptedIndices))
        let update = memo.map { memo in
            // In anchor order, as the store keeps them: the users' order is the directory's, in
            // which a grown directory hands out its anchors at random, and 100,000 inserts at
            // random places in a table larger than the store's cache rewrite several times the
            // pages that inserts in key order do. Each entry is placed at its user's rank, which
            // the read's order already knows: no sort.
            var entryAtRank = [Int32](repeating: -1, count: memo.directory.anchors.count)
            for (entry, rank) in whole.rememberedRanks.enumerated() { entryAtRank[Int(rank)] = Int32(entry) }
            return MappingMemoUpdate(
                fingerprint: memo.fingerprint, entries: entryAtRank.compactMap { $0 < 0 ? nil : whole.remembered[Int($0)] },
                removals: memo.stale, removesOtherFingerprints: memo.hasOtherFingerprints)
        }
        return (prepared, update)
    }

    /// The unique-key collisions among the prepared users: hash groups confirmed on the values
    /// (the colliding users are mapped again; there are few).
    private func collisions(
        _ keys: UniqueKeyHashes, schema: VendorSchema, users: [DirectoryUser], accepted: [Int]
    ) -> [KeyCollision] {
        var found: [KeyCollision] = []
        for group in keys.candidateGroups {
            let payloads = group.map { preparedPayload(of: users[accepted[$0]]) }
            for field in schema.uniqueKeys {
                var byValue: [String: [Int]] = [:]
                var shown: [String: String] = [:]
                for (position, payload) in zip(group, payloads) {
                    guard let text = UniqueKeyHashes.text(of: payload[field]) else { continue }
                    byValue[text.lowercased(), default: []].append(position)
                    if shown[text.lowercased()] == nil { shown[text.lowercased()] = text }
                }
                for (folded, members) in byValue where members.count > 1 {
                    found.append(KeyCollision(field: field, value: shown[folded] ?? folded, members: members))
                }
            }
        }
        return Array(Set(found)).sorted { ($0.members.first ?? 0, $0.field) < ($1.members.first ?? 0, $1.field) }
    }

    /// Accepted users of a slice of the directory (indices into the whole), their hashes and
    /// the slice's rejections.
    private struct PreparedPart: Sendable {
        var acceptedIndices: [Int] = []
        var hashes = PayloadHashList()
        var rejections: [Rejection] = []
        /// Unique-key values of the accepted, enabled users (positions local to the part).
        var keys = UniqueKeyHashes()
        /// Memo entries of the users mapped (not recalled) and accepted, and their users' ranks
        /// in anchor order.
        var remembered: [MappingMemoUpdate.Entry] = []
        var rememberedRanks: [Int32] = []

        init(capacity: Int) {
            acceptedIndices.reserveCapacity(capacity)
            hashes.reserveCapacity(capacity)
        }

        /// Remembers the user just accepted (his hash is the last one). Of several users sharing
        /// an anchor (all refused by the diff), only the one the memo matches by anchor.
        mutating func remember(_ user: DirectoryUser, at position: Int, in memo: MappingMemo?, keys: [Int]) {
            guard let memo, !memo.directory.anchors.isShadowed(position) else { return }
            remembered.append(MappingMemoUpdate.Entry(
                anchor: user.anchor, bytes: memo.entry(forUser: position, hash: hashes, at: hashes.count - 1, keys: keys)))
            rememberedRanks.append(Int32(memo.directory.anchors.rank(ofPosition: position)))
        }
    }

    private func prepare(_ users: [DirectoryUser], _ range: Range<Int>, schema: VendorSchema, memo: MappingMemo?) -> PreparedPart {
        let fields = mapping.orderedFields.map { CompiledField($0, schema: schema) }
        let keyIndexOfField = fields.map { schema.uniqueKeys.firstIndex(of: $0.name) }
        var userKeys: [Int] = []
        let mapped = Set(fields.map(\.name))
        let unmappedRequired = schema.requiredFields.filter { !mapped.contains($0) }
        let emptyPayloadJSON = TargetPayload().canonicalJSONBytes

        var part = PreparedPart(capacity: range.count)
        var json: [UInt8] = []
        for userIndex in range {
            if let memo, memo.remembers(user: userIndex) {
                memo.recall(user: userIndex, into: &part.hashes, keys: &userKeys)
                for hash in userKeys {
                    part.keys.hashes.append(hash)
                    part.keys.positions.append(part.acceptedIndices.count)
                }
                part.acceptedIndices.append(userIndex)
                continue
            }
            let user = users[userIndex]
            var mappingErrors: [MappingError] = []
            var problems: [(field: String, reason: String)] = []
            var missingRequired = unmappedRequired
            json.removeAll(keepingCapacity: true)
            userKeys.removeAll(keepingCapacity: true)
            json.append(UInt8(ascii: "{"))
            for (fieldIndex, field) in fields.enumerated() {
                switch field.evaluator.evaluate(for: user) {
                case .failure(let error):
                    mappingErrors.append(error)
                case .success(nil):
                    if field.spec?.required == true { missingRequired.append(field.name) }
                case .success(let value?):
                    if let keyIndex = keyIndexOfField[fieldIndex], let text = UniqueKeyHashes.text(of: value) {
                        userKeys.append(UniqueKeyHashes.hash(keyIndex: keyIndex, value: text))
                    }
                    if json.count > 1 { json.append(UInt8(ascii: ",")) }
                    json.append(contentsOf: field.keyJSON)
                    CanonicalJSONWriter.write(value, into: &json)
                    if let spec = field.spec {
                        if let reason = SchemaValidator.problem(with: value, for: spec) { problems.append((field.name, reason)) }
                    } else {
                        problems.append((field.name, field.undeclaredReason))
                    }
                }
            }
            json.append(UInt8(ascii: "}"))

            guard user.enabled else {
                // Never rejected (see above); an unmappable leaver still needs its disable.
                part.acceptedIndices.append(userIndex)
                part.hashes.append(hashOfCanonicalJSON: mappingErrors.isEmpty ? json : emptyPayloadJSON)
                part.remember(user, at: userIndex, in: memo, keys: [])
                continue
            }
            if !mappingErrors.isEmpty {
                part.rejections += mappingErrors.map(\.rejection)
            } else if !problems.isEmpty || !missingRequired.isEmpty {
                let missing = Set(missingRequired)
                for name in schema.requiredFields where missing.contains(name) {
                    part.rejections.append(Rejection(anchor: user.anchor, dn: user.dn, field: name, reason: "required field \(name) is missing"))
                }
                for problem in problems {
                    part.rejections.append(Rejection(anchor: user.anchor, dn: user.dn, field: problem.field, reason: problem.reason))
                }
            } else {
                for hash in userKeys {
                    part.keys.hashes.append(hash)
                    part.keys.positions.append(part.acceptedIndices.count)
                }
                part.acceptedIndices.append(userIndex)
                part.hashes.append(hashOfCanonicalJSON: json)
                part.remember(user, at: userIndex, in: memo, keys: userKeys)
            }
        }
        return part
    }

    /// The payload `prepare` hashed for `user`: the mapped one, or an empty payload for a
    /// disabled user whose fields do not map (see `prepare`).
    func preparedPayload(of user: DirectoryUser) -> TargetPayload {
        switch map(user) {
        case .success(let mapped): mapped.payload
        case .failure: TargetPayload()
        }
    }
}

/// A mapping field resolved against a schema once per `prepare`. A class: the per-user loop
/// then retains one reference per field instead of every string and array inside it.
private final class CompiledField {
    let evaluator: FieldEvaluator
    let name: String
    let spec: FieldSpec?
    /// Why the field may not be sent when the schema does not declare it.
    let undeclaredReason: String
    /// `"name":` as canonical JSON.
    let keyJSON: [UInt8]

    init(_ evaluator: FieldEvaluator, schema: VendorSchema) {
        self.evaluator = evaluator
        name = evaluator.name
        spec = schema[name]
        undeclaredReason = SchemaValidator.undeclaredFieldReason(name, in: schema)
        var key: [UInt8] = []
        JSONString.write(name, into: &key)
        key.append(UInt8(ascii: ":"))
        keyJSON = key
    }
}
