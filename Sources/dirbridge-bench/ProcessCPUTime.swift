import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The user plus system CPU time a running process has used so far, from `/proc/<pid>/stat`:
/// what tells, step by step, whether dirbridge, the simulator or slapd held the CPU.
enum ProcessCPUTime {
    static func of(_ pid: pid_t) -> Duration {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return .zero }
        // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return .zero }
        let ticks = Int(sysconf(Int32(_SC_CLK_TCK)))
        return .milliseconds((user + system) * 1000 / max(ticks, 1))
    }
}
