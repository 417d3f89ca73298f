import DirBridgeCore

/// A coding key for whatever keys a settings map holds, so that the ones its type does not
/// know can be found (a typed container silently drops them).
private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

/// Refuses keys `Keys` does not list, so that `user_filer:` or `tls: {starttls: true}` fails the
/// load (naming the closest known key) instead of falling back to a default — for StartTLS, to
/// reading in clear text.
func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(in decoder: any Decoder, allowed: Keys.Type) throws {
    let container = try decoder.container(keyedBy: AnyKey.self)
    let known = Keys.allCases.map(\.stringValue)
    for key in container.allKeys where !known.contains(key.stringValue) {
        throw DecodingError.dataCorruptedError(
            forKey: key, in: container, debugDescription: UnknownKey.message(key.stringValue, allowed: known))
    }
}
