#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, with an empty signal mask and default signal
/// dispositions. Foundation's `Process` passes on the spawning thread's mask, and test-runner
/// threads block nearly every signal, so a daemon started that way never sees SIGTERM.
package final class ChildProcess: @unchecked Sendable {
    package struct SpawnError: Error, CustomStringConvertible {
        package let executable: String
        package let errno: Int32
        package var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
    }

    /// How the child ended.
    package struct Exit: Sendable {
        /// Exit status, or 128 + signal number when killed by a signal.
        package let status: Int32
        /// Peak resident set size of the child, in bytes.
        package let maxResidentBytes: Int
        /// User plus system CPU time of the child.
        package let cpuTime: Duration
    }

    package let pid: pid_t
    package let executable: String
    private var exit: Exit?

    private init(pid: pid_t, executable: String) {
        self.pid = pid
        self.executable = executable
    }

    /// Starts `executable`; standard output and error go to `outputFile` (appended) or /dev/null.
    package static func spawn(_ executable: String, _ arguments: [String], outputFile: String? = nil) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours is inherited: a server that kept a test's pipe open would keep the
        // process at its other end from ever seeing end-of-file (a stand-in server waiting for
        // its stdin to close, a parent waiting for output).
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaulted = sigset_t()
        sigfillset(&defaulted)
        posix_spawnattr_setsigdefault(&attributes, &defaulted)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = argv.withUnsafeBufferPointer { arguments in
            posix_spawn(&pid, executable, &actions, &attributes, arguments.baseAddress!, environ)
        }
        guard rc == 0 else { throw SpawnError(executable: executable, errno: rc) }
        return ChildProcess(pid: pid, executable: executable)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+) closes every descriptor from 3
    /// up atomically, but Swift's Glibc module does not import it: it is looked up at run time.
    /// Without it, the descriptors open now are closed one by one (one opened meanwhile by
    /// another thread may still be inherited).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        guard let listing = opendir("/proc/self/fd") else { return }
        defer { closedir(listing) }
        let own = dirfd(listing)
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let descriptor = Int32(name), descriptor > 2, descriptor != own {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
    }

    /// Whether the child is still running (reaps it if it has ended).
    package var isRunning: Bool {
        if exit != nil { return false }
        return reap(options: WNOHANG) == nil
    }

    package func signal(_ signal: Int32) {
        if exit == nil { kill(pid, signal) }
    }

    /// Asks the child to stop (SIGTERM), waits up to `grace` without blocking a thread, then
    /// kills it (SIGKILL) if it is still running.
    package func terminate(grace: Duration) async {
        guard isRunning else { return }
        signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if isRunning {
            signal(SIGKILL)
            wait()
        }
    }

    /// Blocks until the child ends.
    @discardableResult
    package func wait() -> Exit {
        if let exit { return exit }
        while true {
            if let exit = reap(options: 0) { return exit }
        }
    }

    private func reap(options: Int32) -> Exit? {
        var status: Int32 = 0
        var usage = rusage()
        let result = wait4(pid, &status, options, &usage)
        guard result == pid else {
            if result == -1 && errno != EINTR {
                // Already reaped elsewhere: treat as ended without figures.
                exit = Exit(status: -1, maxResidentBytes: 0, cpuTime: .zero)
                return exit
            }
            return nil
        }
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu = Duration.seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + .microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        exit = Exit(status: code, maxResidentBytes: Int(usage.ru_maxrss) * 1024, cpuTime: cpu)
        return exit
    }
}
