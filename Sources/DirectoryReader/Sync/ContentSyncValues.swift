import DirBridgeCore

/// The BER values of RFC 4533 content synchronisation that dirbridge sends and reads: the sync
/// request control, and the state, done and info messages the server answers with. Pure.
enum ContentSyncValues {
    static let requestOID = "1.3.6.1.4.1.4203.1.9.1.1"
    static let stateOID = "1.3.6.1.4.1.4203.1.9.1.2"
    static let doneOID = "1.3.6.1.4.1.4203.1.9.1.3"
    static let infoOID = "1.3.6.1.4.1.4203.1.9.1.4"

    /// syncRequestValue ::= SEQUENCE { mode ENUMERATED { refreshOnly (1) }, cookie OCTET STRING
    /// OPTIONAL, reloadHint BOOLEAN DEFAULT FALSE }.
    static func refreshOnlyRequest(cookie: [UInt8]?) -> [UInt8] {
        var content: [UInt8] = [0x0A, 0x01, 0x01]
        if let cookie { content += BERElement.encode(0x04, cookie) }
        return BERElement.encode(0x30, content)
    }

    /// What a syncStateValue says about one entry.
    enum EntryState: Int {
        case present = 0, add, modify, delete
    }

    /// syncStateValue ::= SEQUENCE { state ENUMERATED, entryUUID OCTET STRING (16), cookie OPTIONAL }.
    static func entryState(_ value: [UInt8]) throws(DERReader.MalformedError) -> (state: EntryState, uuid: [UInt8]) {
        var outer = DERReader(value[...])
        var reader = DERReader(try outer.read(0x30, "syncStateValue").content)
        let stateBytes = try reader.read(0x0A, "syncStateValue.state").content
        guard stateBytes.count == 1, let state = EntryState(rawValue: Int(stateBytes[stateBytes.startIndex])) else {
            throw DERReader.MalformedError(description: "syncStateValue: unknown state")
        }
        let uuid = Array(try reader.read(0x04, "syncStateValue.entryUUID").content)
        guard uuid.count == 16 else { throw DERReader.MalformedError(description: "syncStateValue: entryUUID of \(uuid.count) bytes") }
        return (state, uuid)
    }

    /// A syncInfoValue (intermediate response) or syncDoneValue (final result).
    struct Info: Equatable {
        var cookie: [UInt8]?
        /// The UUIDs of a syncIdSet.
        var uuids: [[UInt8]] = []
        /// Whether the server sent deletes (true) or a present list (false): with a present list,
        /// every entry not named is gone, which only a full read can tell.
        var refreshDeletes: Bool
    }

    /// syncInfoValue ::= CHOICE { newcookie [0], refreshDelete [1], refreshPresent [2], syncIdSet [3] }.
    static func info(_ value: [UInt8]) throws(DERReader.MalformedError) -> Info {
        var outer = DERReader(value[...])
        let choice = try outer.read()
        switch choice.tag {
        case 0x80:
            return Info(cookie: Array(choice.content), refreshDeletes: true)
        case 0xA1, 0xA2:
            var reader = DERReader(choice.content)
            let cookie = reader.nextTag == 0x04 ? Array(try reader.read(0x04, "cookie").content) : nil
            return Info(cookie: cookie, refreshDeletes: choice.tag == 0xA1)
        case 0xA3:
            var reader = DERReader(choice.content)
            let cookie = reader.nextTag == 0x04 ? Array(try reader.read(0x04, "cookie").content) : nil
            let deletes = reader.nextTag == 0x01 ? try boolean(reader.read(0x01, "refreshDeletes").content) : false
            var set = DERReader(try reader.read(0x31, "syncUUIDs").content)
            var uuids: [[UInt8]] = []
            while !set.isAtEnd { uuids.append(Array(try set.read(0x04, "syncUUID").content)) }
            return Info(cookie: cookie, uuids: uuids, refreshDeletes: deletes)
        default:
            throw DERReader.MalformedError(description: "syncInfoValue: unknown choice tag \(choice.tag)")
        }
    }

    /// syncDoneValue ::= SEQUENCE { cookie OPTIONAL, refreshDeletes BOOLEAN DEFAULT FALSE }.
    static func done(_ value: [UInt8]) throws(DERReader.MalformedError) -> Info {
        var outer = DERReader(value[...])
        var reader = DERReader(try outer.read(0x30, "syncDoneValue").content)
        let cookie = reader.nextTag == 0x04 ? Array(try reader.read(0x04, "cookie").content) : nil
        let deletes = reader.nextTag == 0x01 ? try boolean(reader.read(0x01, "refreshDeletes").content) : false
        return Info(cookie: cookie, refreshDeletes: deletes)
    }

    /// The RFC 4122 text form of a 16-byte UUID, as OpenLDAP shows `entryUUID`.
    static func uuidText(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { byte in String(byte, radix: 16).leftPadded(to: 2) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }

    private static func boolean(_ content: ArraySlice<UInt8>) throws(DERReader.MalformedError) -> Bool {
        guard content.count == 1 else { throw DERReader.MalformedError(description: "BOOLEAN of \(content.count) bytes") }
        return content[content.startIndex] != 0
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
