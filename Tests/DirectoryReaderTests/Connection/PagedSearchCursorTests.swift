import Testing
@testable import DirectoryReader

/// The hand-over of pages read ahead, without a server: what the queue may read next, and what
/// the caller is given.
@Suite struct PagedSearchCursorTests {
    let cursor = PagedSearchCursor(request: SearchRequest(
        baseDN: "ou=people,dc=example,dc=org", scope: .subtree, filter: "(objectClass=*)", attributes: [], pageSize: 1000))

    static func page(_ name: String, valueBytes: Int) -> [LDAPEntry] {
        var entry = LDAPEntry(dn: "uid=\(name),ou=people,dc=example,dc=org")
        entry.append(attribute: "jpegPhoto", values: [ArraySlice(repeating: 0xFF, count: valueBytes)])
        return [entry]
    }

    @Test func smallPagesAreReadAheadUpToTheLimitAndHandedOverInOrder() async throws {
        for index in 0..<PagedSearchCursor.maxPagesAhead {
            #expect(cursor.beginReading())
            #expect(!cursor.beginReading(), "one read at a time")
            cursor.deliver(.success(Self.page("p\(index)", valueBytes: 100)), ended: false)
        }
        #expect(!cursor.beginReading(), "enough pages wait")
        #expect(try await cursor.claim().get()?.first?.dn.hasPrefix("uid=p0,") == true)
        #expect(cursor.beginReading(), "room again")
        cursor.deliver(.success(Self.page("last", valueBytes: 100)), ended: true)
        var names: [String] = []
        while let page = try await cursor.claim().get() { names.append(page[0].dn) }
        #expect(names.map { $0.prefix(7) } == ["uid=p1,", "uid=p2,", "uid=p3,", "uid=las"])
        #expect(!cursor.beginReading(), "the search ended")
    }

    @Test func largeEntriesAreReadOnlyOnePageAhead() async throws {
        #expect(cursor.beginReading())
        cursor.deliver(.success(Self.page("photos", valueBytes: PagedSearchCursor.maxBytesAhead)), ended: false)
        #expect(!cursor.beginReading(), "a page of photos waits: no second one")
        _ = try await cursor.claim().get()
        #expect(cursor.beginReading())
    }

    @Test func aFailedReadIsHandedOverAfterThePagesBeforeIt() async throws {
        #expect(cursor.beginReading())
        cursor.deliver(.success(Self.page("p0", valueBytes: 10)), ended: false)
        #expect(cursor.beginReading())
        cursor.deliver(.failure(LDAPError(.serverUnreachable, operation: "search page 2")), ended: true)
        #expect(try await cursor.claim().get()?.count == 1)
        let failure = await cursor.claim()
        #expect(throws: LDAPError.self) { try failure.get() }
    }

    @Test func aCallerWaitingForAPageGetsItWhenItIsRead() async throws {
        let waiting = Task { try await cursor.claim().get()?.first?.dn }
        try await Task.sleep(for: .milliseconds(20))
        #expect(cursor.beginReading())
        cursor.deliver(.success(Self.page("late", valueBytes: 10)), ended: false)
        #expect(try await waiting.value?.hasPrefix("uid=late,") == true)
    }
}
