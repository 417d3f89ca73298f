import Foundation

extension TargetPayload {
    /// The payload as canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace,
    /// integers in plain decimal, `true`/`false`/`null`, strings escaped minimally (quote,
    /// backslash and control characters only; everything else is raw UTF-8).
    ///
    /// Same fields ⇒ same bytes, on every platform and run: this is what `hash` covers and what
    /// the snapshot stores.
    package var canonicalJSON: String {
        String(decoding: canonicalJSONBytes, as: UTF8.self)
    }

    /// `canonicalJSON` as UTF-8 bytes, built without an intermediate `String`.
    package var canonicalJSONBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 * fields.count + 2)
        CanonicalJSONWriter.writeObject(fields, into: &output)
        return output
    }

    /// SHA-256 hex digest of `canonicalJSONBytes`: the change-detection fingerprint stored per
    /// (target, anchor).
    package var hash: String {
        SHA256.hexDigest(of: canonicalJSONBytes)
    }
}

extension FieldValue {
    /// This value as canonical JSON (see `TargetPayload.canonicalJSON`).
    package var canonicalJSON: String {
        var output: [UInt8] = []
        CanonicalJSONWriter.write(self, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}

/// The one JSON writer for field values — hashes, the stored snapshot, vendor request bodies and
/// reports — so they can never disagree on key order or escaping. Hand-written: JSONEncoder's key
/// order and number formatting are not guaranteed stable across platforms, and it is several
/// times slower on the hashing hot path. `htmlSafe` output (reports embedded in HTML) differs
/// only in escaping, never in order.
package enum CanonicalJSONWriter {
    package static func write(_ value: FieldValue, into output: inout [UInt8], htmlSafe: Bool = false) {
        switch value {
        case .null: output.append(contentsOf: nullLiteral)
        case .bool(let flag): output.append(contentsOf: flag ? trueLiteral : falseLiteral)
        case .int(let number): writeInteger(number, into: &output)
        case .string(let text): JSONString.write(text, into: &output, htmlSafe: htmlSafe)
        case .list(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output, htmlSafe: htmlSafe)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members): writeObject(members, into: &output, htmlSafe: htmlSafe)
        }
    }

    package static func writeObject(_ members: [String: FieldValue], into output: inout [UInt8], htmlSafe: Bool = false) {
        output.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in members.sorted(by: { utf8Precedes($0.key, $1.key) }) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONString.write(key, into: &output, htmlSafe: htmlSafe)
            output.append(UInt8(ascii: ":"))
            write(value, into: &output, htmlSafe: htmlSafe)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// Byte order of the UTF-8 encodings: platform-independent and, unlike `String.<`, free of
    /// Unicode normalisation work.
    package static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = min(left.count, right.count)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
        return (fast ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    static func writeInteger(_ number: Int, into output: inout [UInt8]) {
        if number == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        if number < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) {
                output.append(buffer[index])
            }
        }
    }

    private static let nullLiteral: [UInt8] = Array("null".utf8)
    private static let trueLiteral: [UInt8] = Array("true".utf8)
    private static let falseLiteral: [UInt8] = Array("false".utf8)
}
