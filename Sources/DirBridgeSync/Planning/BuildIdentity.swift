import Foundation

/// This dirbridge executable, as its size and modification time: part of every mapping memo's
/// fingerprint, so that what one build mapped is never taken for what another would map, even
/// when a change to the mapping code forgot to bump the planning revision. After an upgrade the
/// first full read maps everyone once.
enum BuildIdentity {
    static let current: String = {
        guard let path = Bundle.main.executablePath,
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date
        else {
            // An executable that cannot be identified trusts no memo: every user is mapped.
            return UUID().uuidString
        }
        return "\(size.int64Value)-\(modified.timeIntervalSince1970)"
    }()
}
