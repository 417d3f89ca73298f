@testable import DirBridgeCore
import Testing

@Suite("Sealed secrets")
struct SealedSecretsTests {
    let payload = TargetPayload(["Login": .string("ivy"), "Password": .string("Winter2026!")])

    @Test func onlySecretFieldsAreSealedAndNeverInClear() {
        let sealed = payload.sealing(["Password"])
        #expect(sealed["Login"] == .string("ivy"))
        guard case .string(let digest)? = sealed["Password"] else { Issue.record("no digest"); return }
        #expect(digest.hasPrefix("sealed:sha256:") && !digest.contains("Winter"))
        #expect(sealed.sealing(["Password"]) == sealed, "sealing twice changes nothing")
        #expect(sealed.withoutSealedSecrets == TargetPayload(["Login": .string("ivy")]))
    }

    @Test func anUnchangedSecretIsNoChangeAndAChangedOneIs() {
        let stored = payload.sealing(["Password"])
        var same = payload
        same["Login"] = .string("ivy2")
        #expect(DiffEngine.fieldChanges(from: stored, to: same).map(\.field) == ["Login"])
        var changed = payload
        changed["Password"] = .string("Spring2027!")
        #expect(DiffEngine.fieldChanges(from: stored, to: changed).map(\.field) == ["Password"])
    }
}
