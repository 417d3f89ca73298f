/// A store's run lock as the run that took it holds it, whatever the backend: a `flock` on the
/// SQLite store's sidecar file (``RunLock``) or a PostgreSQL advisory lock held by a session.
///
/// Either way the lock dies with the holding process, so a run killed mid-sync never wedges the
/// next one; ``release()`` only lets the next run in sooner.
package protocol HeldRunLock: Sendable {
    /// Who holds it: this process.
    var holder: RunLockHolder { get }

    /// Lets the next run in. Idempotent.
    func release() async
}
