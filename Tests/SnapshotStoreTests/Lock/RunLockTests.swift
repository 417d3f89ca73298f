import Foundation
import Testing

@testable import SnapshotStore

@Suite("Run lock")
struct RunLockTests {
    @Test("A second acquisition fails naming the holder; release lets the next run in")
    func contentionInOneProcess() async throws {
        let directory = try TemporaryDirectory()
        let first = try RunLock.acquire(forStoreAt: directory.storePath)
        #expect(first.isHeld)

        let error = await storeError { _ = try RunLock.acquire(forStoreAt: directory.storePath) }
        #expect(error?.code == .locked)
        #expect(error?.path == directory.storePath + ".lock")
        let message = error?.message ?? ""
        #expect(message.contains("another dirbridge run (pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(message.contains("on host \(ProcessInfo.processInfo.hostName)"))
        #expect(message.hasSuffix("holds the store lock"))

        first.release()
        #expect(!first.isHeld)
        let second = try await acquireOnceForksSettle(directory.storePath)
        #expect(second.isHeld)
    }

    @Test("A lock file that cannot be created is reported with the system's reason")
    func cannotOpenLockFile() async throws {
        let directory = try TemporaryDirectory()
        let error = await storeError { _ = try RunLock.acquire(forStoreAt: directory.path + "/missing/snapshot.sqlite") }
        #expect(error?.code == .cannotOpen)
        #expect(error?.underlyingCode == ENOENT)
        #expect(error?.message.contains("No such file or directory") == true)
    }

    @Test("Dropping the last reference releases the lock")
    func deinitReleases() async throws {
        let directory = try TemporaryDirectory()
        do {
            let lock = try RunLock.acquire(forStoreAt: directory.storePath)
            #expect(lock.isHeld)
        }
        _ = try await acquireOnceForksSettle(directory.storePath)
    }

    /// Other suites spawn processes concurrently: a child between fork and exec briefly holds a
    /// copy of the (close-on-exec) descriptor, and with it the flock. Allow that short window.
    private func acquireOnceForksSettle(_ storePath: String) async throws -> RunLock {
        for attempt in 1... {
            do {
                return try RunLock.acquire(forStoreAt: storePath)
            } catch where attempt < 50 {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        preconditionFailure("unreachable: the last attempt throws")
    }

    @Test("The lock file names the holder while held and is emptied on release")
    func holderFile() throws {
        let directory = try TemporaryDirectory()
        let lock = try RunLock.acquire(forStoreAt: directory.storePath)
        let contents = try String(contentsOfFile: lock.path, encoding: .utf8)
        #expect(RunLockHolder(fileContents: contents) == lock.holder)
        #expect(contents.contains("pid=\(ProcessInfo.processInfo.processIdentifier)\n"))
        lock.release()
        #expect(try String(contentsOfFile: lock.path, encoding: .utf8).isEmpty)
    }

    @Test("Another process's lock names it; once SIGKILLed, the lock is free for the next run")
    func killedHolderDoesNotWedge() async throws {
        let directory = try TemporaryDirectory()
        let lockPath = RunLock.lockPath(forStoreAt: directory.storePath)
        let marker = directory.path + "/held"
        // A stand-in for another dirbridge run: takes the same flock(2) lock, writes its holder
        // lines, signals through a marker file and waits to be killed.
        let script = """
            import fcntl, os, sys, time
            lock = open(sys.argv[1], "a+")
            fcntl.flock(lock, fcntl.LOCK_EX)
            lock.truncate(0)
            lock.write("pid=%d\\nhost=other-host\\nstarted=2026-11-23T12:00:00Z\\n" % os.getpid())
            lock.flush()
            open(sys.argv[2], "w").close()
            time.sleep(30)
            """
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", script, lockPath, marker]
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let deadline = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: marker) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(FileManager.default.fileExists(atPath: marker), "the holder process never took the lock")

        let error = await storeError { _ = try RunLock.acquire(forStoreAt: directory.storePath) }
        #expect(error?.code == .locked)
        #expect(
            error?.message
                == "another dirbridge run (pid \(holder.processIdentifier), started 2026-11-23T12:00:00Z on host other-host)"
                + " holds the store lock")

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let lock = try RunLock.acquire(forStoreAt: directory.storePath)
        #expect(lock.isHeld)
    }
}
