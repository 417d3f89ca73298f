import Foundation

/// GUIDs as the vendors write them: lowercase text, checked and drawn here for every vendor.
enum UUIDText {
    static func isValid(_ text: String) -> Bool {
        text.count == 36 && UUID(uuidString: text) != nil
    }

    /// A new version-4 GUID from the system generator (`getrandom`): Foundation's `UUID()`
    /// opens and reads `/dev/urandom` on every call, which was 8 % of the simulator's CPU
    /// answering 100,000 Forms On Fire creates.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
            bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: uuid).uuidString.lowercased()
    }
}
