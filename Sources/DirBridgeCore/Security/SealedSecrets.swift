/// Secret fields a mapping sends (a Sertica or Forms On Fire `Password`, Aria's `password`) are
/// never stored in clear: the snapshot keeps a digest of each, which is all change detection and
/// field-level diffs need, and a payload read back from the store is never sent with it.
extension TargetPayload {
    static let sealPrefix = "sealed:sha256:"

    /// The payload with the values of `secretFields` replaced by their digests.
    package func sealing(_ secretFields: Set<String>) -> TargetPayload {
        guard !secretFields.isEmpty, fields.keys.contains(where: secretFields.contains) else { return self }
        var sealed = self
        for name in secretFields {
            guard let value = fields[name], value != .null, !value.isSealed else { continue }
            sealed.fields[name] = value.sealed
        }
        return sealed
    }

    /// The payload without sealed values: what may be sent again from a stored payload (the
    /// vendor keeps the secret it was last sent).
    package var withoutSealedSecrets: TargetPayload {
        guard hasSealedSecrets else { return self }
        return TargetPayload(fields.filter { !$0.value.isSealed })
    }

    /// Whether a value stands for a secret by its digest (the payload was read back from the store).
    package var hasSealedSecrets: Bool {
        fields.values.contains(where: \.isSealed)
    }
}

extension FieldValue {
    var isSealed: Bool {
        if case .string(let text) = self { text.hasPrefix(TargetPayload.sealPrefix) } else { false }
    }

    /// The digest that stands for this value in the store.
    var sealed: FieldValue {
        .string(TargetPayload.sealPrefix + SHA256.hexDigest(of: Array(description.utf8)))
    }
}
