/// The wording of every "unknown key" error, shared by the mapping decoders here and the
/// configuration decoders (DirBridgeConfig, DirectoryReader's settings), so that a typo always
/// gets the same answer: what was probably meant, and what is allowed.
package enum UnknownKey {
    /// `unknown key 'user_filer'; did you mean 'user_filter'? expected one of …`; `noun` names
    /// what the key is (`transform`, `lookup key`).
    package static func message(_ key: String, allowed: some Collection<String>, noun: String = "key") -> String {
        let guess = closest(to: key, among: allowed).map { " did you mean '\($0)'?" } ?? ""
        return "unknown \(noun) '\(key)';\(guess) expected one of \(allowed.sorted().joined(separator: ", "))"
    }

    /// The allowed key `key` most likely misspells, or nil when none is close: equal but for
    /// case, `_` and `-` (`userFilter`, `base-dn`), or at most two edits apart on that form, and
    /// only one for short keys, so that a different word is never offered as a correction.
    package static func closest(to key: String, among allowed: some Collection<String>) -> String? {
        let typed = normalized(key)
        let ranked = allowed.map { candidate -> (distance: Int, key: String) in
            let wanted = normalized(candidate)
            return (editDistance(typed, wanted), candidate)
        }
        guard let best = ranked.min(by: { ($0.distance, $0.key) < ($1.distance, $1.key) }) else { return nil }
        let tolerance = min(2, max(1, normalized(best.key).count / 3))
        return best.distance <= tolerance ? best.key : nil
    }

    private static func normalized(_ key: String) -> [Character] {
        Array(key.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
    /// of neighbours (`precent` → `percent` is one edit) each count one.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
