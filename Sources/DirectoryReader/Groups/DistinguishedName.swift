import DirBridgeCore

/// DN comparison as membership resolution needs it. The same DN reaches the reader spelled
/// several ways: OpenLDAP returns `cn=Smith\2C John` for an entry whose DN was added — and is
/// still listed in `member` values — as `cn=Smith\, John`; attribute types and values differ in
/// case; spaces around separators vary. `key` maps all spellings of a DN to one string.
enum DistinguishedName {
    /// A canonical form: attribute types and values lowercased, escapes decoded, then every
    /// special character re-escaped as `\xx`, insignificant spaces removed.
    static func key(_ dn: String) -> String {
        // Fast paths: nothing to decode or trim, at most case to fold. Every member DN of every
        // group and every user's DN is keyed at every full read, and most are lowercase ASCII
        // already: their key is the DN itself, its storage shared rather than copied.
        switch spelling(of: dn) {
        case .canonical: return dn
        case .caseOnly: return Latin1Case.lowercased(dn) ?? dn.lowercased()
        case .encoded: break
        }
        let bytes = Array(dn.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var component: [UInt8] = []
        var inValue = false
        var inQuotes = false
        var trailingSpaces = 0 // unescaped spaces at the end of `component`, dropped at a separator

        func flush(separator: UInt8?) {
            let end = component.count - trailingSpaces
            let text = String(decoding: component[..<max(0, end)], as: UTF8.self).lowercased()
            if inValue {
                for byte in text.utf8 { appendEscaped(byte, to: &output) }
            } else {
                output.append(contentsOf: text.utf8)
            }
            if let separator { output.append(separator) }
            component.removeAll(keepingCapacity: true)
            trailingSpaces = 0
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\") where index + 1 < bytes.count:
                if index + 2 < bytes.count, let high = HexDigit.value(bytes[index + 1]), let low = HexDigit.value(bytes[index + 2]) {
                    component.append(high << 4 | low)
                    index += 3
                } else {
                    component.append(bytes[index + 1])
                    index += 2
                }
                trailingSpaces = 0
                continue
            case UInt8(ascii: "=") where !inValue:
                flush(separator: UInt8(ascii: "="))
                inValue = true
            case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: ";"):
                if inValue && !inQuotes {
                    flush(separator: byte == UInt8(ascii: ";") ? UInt8(ascii: ",") : byte)
                    inValue = false
                } else {
                    component.append(byte)
                }
            case UInt8(ascii: "\""):
                inQuotes.toggle() // quoted values (RFC 1779) compare as their content
            case UInt8(ascii: " ") where component.isEmpty:
                break // leading space of a type or value
            case UInt8(ascii: " "):
                component.append(byte)
                trailingSpaces += 1
            default:
                component.append(byte)
                trailingSpaces = 0
            }
            index += 1
        }
        flush(separator: nil)
        return String(decoding: output, as: UTF8.self)
    }

    /// `uniqueMember` values may end in `#'0101'B` (an optional unique identifier); the DN is
    /// what precedes it.
    /// A hash of `key(dn)` from the DN's UTF-8 as sent, without building either, when the key
    /// is the DN in ASCII lower case: no byte to decode, no non-ASCII letter, no unique
    /// identifier (`#`) to strip. Nil for any other DN, whose key must be built.
    static func keyHash(ofPlain dn: some Collection<UInt8>) -> UInt64? {
        var hash = FNV1a()
        for byte in dn {
            if byte >= 0x80 || byte == UInt8(ascii: "#") || needsDecoding(byte) { return nil }
            hash.addLowercased(byte)
        }
        return hash.value
    }

    private enum Spelling {
        /// Lowercase ASCII with nothing to decode: the DN is its own key.
        case canonical
        /// Nothing to decode: the key is the DN with its case folded.
        case caseOnly
        /// An escape, a quote or a space: the key is built component by component.
        case encoded
    }

    /// One pass over the DN's UTF-8: which of `key`'s paths it needs.
    private static func spelling(of dn: String) -> Spelling {
        var dn = dn
        return dn.withUTF8 { bytes in
            var canonical = true
            for byte in bytes {
                if needsDecoding(byte) { return .encoded }
                if byte >= 0x80 || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) { canonical = false }
            }
            return canonical ? .canonical : .caseOnly
        }
    }

    /// An escape, a quote or a space (insignificant around separators): the DN's key is more
    /// than its case folded.
    private static func needsDecoding(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"")
    }

    static func strippingUniqueIdentifier(_ value: String) -> String {
        guard value.hasSuffix("'B"), let hash = value.lastIndex(of: "#"),
              hash > value.startIndex, value[value.index(before: hash)] != "\\" else { return value }
        return String(value[..<hash])
    }

    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "#"), 0:
            let digits = Array("0123456789abcdef".utf8)
            output.append(contentsOf: [UInt8(ascii: "\\"), digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
        default:
            output.append(byte)
        }
    }
}
