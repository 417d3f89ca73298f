internal import CLDAP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request control as dirbridge sends it: OID, BER value, criticality.
struct RequestControl: Sendable {
    var oid: String
    var critical: Bool
    var value: [UInt8]
}

/// Searches that carry request controls (paged results, RFC 4533 content synchronisation, AD
/// DirSync): the one place a search is sent, and the message loop of the change-tracking ones.
extension LDAPConnection {
    /// Sends `request` with `controls`; `sizeLimit` as ldap_search_ext takes it (0: the server's).
    func sendSearch(
        _ handle: OpaquePointer, _ request: SearchRequest, controls: [RequestControl], sizeLimit: Int32, operation: String
    ) throws -> Int32 {
        var created: [UnsafeMutablePointer<LDAPControl>?] = []
        defer { created.forEach { if let control = $0 { ldap_control_free(control) } } }
        for control in controls {
            var made: UnsafeMutablePointer<LDAPControl>?
            var value = control.value
            let rc = value.withUnsafeMutableBytes { bytes in
                var berValue = berval(bv_len: ber_len_t(bytes.count), bv_val: bytes.baseAddress?.assumingMemoryBound(to: CChar.self))
                // dupval 1: the control owns a copy, freed with it.
                return ldap_control_create(control.oid, control.critical ? 1 : 0, &berValue, 1, &made)
            }
            guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: "\(operation): create control \(control.oid)") }
            created.append(made)
        }
        var serverControls = created + [nil]
        let attributeNames: [UnsafeMutablePointer<CChar>?] = request.attributes.map { strdup($0) } + [nil]
        defer { attributeNames.forEach { free($0) } }
        var attributes = attributeNames
        var messageID: Int32 = 0
        let rc = serverControls.withUnsafeMutableBufferPointer { controls in
            attributes.withUnsafeMutableBufferPointer { attributes in
                ldap_search_ext(
                    handle, request.baseDN, request.scope.ldapScope, request.filter,
                    request.attributes.isEmpty ? nil : attributes.baseAddress, 0,
                    created.isEmpty ? nil : controls.baseAddress, nil, nil, sizeLimit, &messageID)
            }
        }
        guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: operation) }
        return messageID
    }

    /// Reads a controlled search to its end: entries and intermediate responses go to their
    /// handlers (which must not free them), the final result's controls to `done`. A reference
    /// to one of AD's system partitions is skipped (no users live there); any other ends the
    /// search, since what lies behind it cannot be tracked and only a full read tells the truth.
    func readControlledSearch<T>(
        _ handle: OpaquePointer, messageID: Int32, operation: String,
        entry: (OpaquePointer) throws -> Void, intermediate: (OpaquePointer) throws -> Void,
        done: (UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?) throws -> T
    ) throws -> T {
        while true {
            let (type, message) = try nextMessage(handle, messageID: messageID, operation: operation)
            switch type {
            case LDAP_RES_SEARCH_ENTRY_RAW:
                defer { ldap_msgfree(message) }
                try entry(message!)
            case LDAP_RES_INTERMEDIATE_RAW:
                defer { ldap_msgfree(message) }
                try intermediate(message!)
            case LDAP_RES_SEARCH_RESULT_RAW:
                // parseFinalResult frees the message.
                return try parseFinalResult(handle, message!, operation: operation, controls: done)
            default:
                let urls = type == LDAP_RES_SEARCH_REFERENCE_RAW ? referenceURLs(handle, message!) : []
                ldap_msgfree(message)
                if !urls.isEmpty, urls.allSatisfy(Self.isDirectorySystemPartition) { continue }
                ldap_abandon_ext(handle, messageID, nil, nil)
                throw LDAPError(.referral, operation: operation, context: "a delta read does not follow references")
            }
        }
    }

    /// The value of the control with `oid` among `controls`, if present.
    static func controlValue(_ oid: String, in controls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?) -> [UInt8]? {
        guard let control = ldap_control_find(oid, controls, nil) else { return nil }
        return Array(control.pointee.ldctl_value.bytes)
    }
}

// Message type as ldap_result returns it (the header's macro carries a ber_tag_t cast).
let LDAP_RES_INTERMEDIATE_RAW: Int32 = 0x79
