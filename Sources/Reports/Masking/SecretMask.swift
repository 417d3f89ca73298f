import DirBridgeCore

/// Replaces the values of secret fields (API keys, initial passwords, …) before anything is
/// rendered. Matching ignores case and reaches into object values, because a vendor payload can
/// nest a credential (`{"auth": {"password": …}}`) under a field that is not itself secret.
struct SecretMask: Sendable {
    /// What a masked value looks like in every format.
    static let placeholder = "••••••"

    private let fields: Set<String>

    init(fields: Set<String>) {
        self.fields = Set(fields.map { $0.lowercased() })
    }

    var isEmpty: Bool { fields.isEmpty }

    func isSecret(_ field: String) -> Bool {
        !fields.isEmpty && fields.contains(field.lowercased())
    }

    /// The change with secret values replaced. Absence stays visible: "a password was set" is
    /// not secret, the password is.
    func masked(_ change: FieldChange) -> FieldChange {
        if isSecret(change.field) {
            return FieldChange(field: change.field, old: change.old.map { _ in .string(Self.placeholder) },
                               new: change.new.map { _ in .string(Self.placeholder) })
        }
        return FieldChange(field: change.field, old: change.old.map(maskingNested), new: change.new.map(maskingNested))
    }

    private func maskingNested(_ value: FieldValue) -> FieldValue {
        switch value {
        case .null, .bool, .int, .string: value
        case .list(let values): .list(values.map(maskingNested))
        case .object(let members):
            .object(Dictionary(uniqueKeysWithValues: members.map { key, member in
                (key, isSecret(key) ? .string(Self.placeholder) : maskingNested(member))
            }))
        }
    }
}
