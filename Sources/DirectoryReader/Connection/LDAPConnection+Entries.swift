internal import CLDAP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entries: attributes and values out of BER, and ranged attributes (AD) completed.
extension LDAPConnection {
    /// One pass over the entry's BER encoding (as ldapsearch does): names and values point into
    /// the message buffer and are copied once into Swift; only the value arrays are allocated.
    func convertEntry(_ handle: OpaquePointer, _ message: OpaquePointer, operation: String) throws -> LDAPEntry {
        var ber: OpaquePointer?
        var dn = berval(bv_len: 0, bv_val: nil)
        let rc = ldap_get_dn_ber(handle, message, &ber, &dn)
        defer { if let ber { ber_free(ber, 0) } }
        guard rc == LDAP_SUCCESS, let ber else {
            throw Self.error(handle, rc, operation: "\(operation): read entry DN")
        }
        var entry = LDAPEntry(dn: String(decoding: dn.bytes, as: UTF8.self), expectedAttributes: 16, expectedBytes: 512)
        while true {
            var name = berval(bv_len: 0, bv_val: nil)
            var values: UnsafeMutablePointer<berval>?
            let rc = ldap_get_attribute_ber(handle, message, ber, &name, &values)
            defer { if let values { ber_memfree(values) } }
            guard rc == LDAP_SUCCESS else {
                throw Self.error(handle, rc, operation: "\(operation): decode attributes of \(entry.dn)")
            }
            guard name.bv_val != nil else { break }
            if name.bytes.contains(UInt8(ascii: ";")) { entry.hasAttributeOptions = true }
            entry.append(attribute: String(decoding: name.bytes, as: UTF8.self)) { add in
                guard let values else { return }
                var index = 0
                while values[index].bv_val != nil {
                    add(values[index].bytes)
                    index += 1
                }
            }
        }
        return entry
    }

    /// Active Directory returns at most MaxValRange values of a large attribute and names it
    /// `member;range=0-1499`; fetch the following ranges until the server says `*` (the end).
    func completeRanges(_ handle: OpaquePointer, _ entry: inout LDAPEntry) throws {
        guard entry.hasAttributeOptions,
              entry.attributes.contains(where: { AttributeRange($0.name) != nil }) else { return }
        var completed = LDAPEntry(dn: entry.dn)
        for attribute in entry.attributes {
            guard var range = AttributeRange(attribute.name) else {
                completed.append(attribute: attribute.name, values: entry.values(attribute))
                continue
            }
            var values = entry.values(attribute)
            while let end = range.end {
                let requested = "\(range.attribute);range=\(end + 1)-*"
                let operation = "range retrieval of \(requested) on \(entry.dn)"
                let request = SearchRequest(baseDN: entry.dn, scope: .base, filter: "(objectClass=*)",
                                            attributes: [requested], pageSize: nil)
                let messageID = try sendSearch(handle, request, cookie: [], operation: operation)
                var step: [LDAPEntry] = []
                _ = try collectResults(handle, messageID: messageID, operation: operation, into: &step)
                guard let stepEntry = step.first, let next = stepEntry.attributes.lazy.compactMap({ attribute in
                    AttributeRange(attribute.name).map { ($0, attribute) }
                }).first(where: { $0.0.attribute.caseInsensitiveEquals(range.attribute) }) else {
                    throw LDAPError(.invalidEntry, operation: operation,
                                    context: "the server returned no further range although the previous one ended at \(end)")
                }
                values.append(contentsOf: stepEntry.values(next.1))
                range = next.0
            }
            completed.append(attribute: range.attribute, values: values)
        }
        entry = completed
    }
}
