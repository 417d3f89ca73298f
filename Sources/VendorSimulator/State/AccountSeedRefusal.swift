/// Why `POST /_sim/accounts` could not store hand-made accounts: the stores keep their unique
/// keys unique even without validation, so a seed that collides is refused whole.
struct AccountSeedRefusal: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
