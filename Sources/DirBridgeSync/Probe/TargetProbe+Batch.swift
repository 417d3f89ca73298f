import Connectors
import DirBridgeCore

extension TargetProbe {
    /// Requestor's batch behaviour, seen with the canary alone: one request carrying the canary's
    /// create again (it exists, so Requestor answers with its conflict) and an invalid copy of it
    /// (no Email, no ExternalId: it names nobody but the canary, by Username). Shows whether one
    /// bad item refuses the whole batch, and in which order the per-user results come.
    func batchSteps(_ connector: any ImportConnector, log: HTTPExchangeLog, id: String) async -> [ProbeStep] {
        var invalid = createdPayload
        // The names RequestorConnector sends them under (its settings' defaults; no option changes them).
        invalid.fields.removeValue(forKey: "Email")
        invalid.fields.removeValue(forKey: "ExternalId")
        let copy = SyncAction(
            kind: .create, anchor: Anchor(canary.anchor.value + "-invalid"), dn: canary.dn, vendorId: nil, payload: invalid,
            payloadHash: invalid.hash, changes: nil)
        var batchAnswer: HTTPExchange?
        let request = "one request: the canary's create again, then a copy of it without Email and ExternalId (invalid)"
        let batch = await step("batch with an invalid item", request: request, log: log) {
            let outcomes = await connector.apply([action(.create, createdPayload, vendorId: nil), copy])
            batchAnswer = log.pending.first
            let canaryResult = outcomes.first { $0.anchor == canary.anchor }?.result ?? .failed(reason: "no outcome")
            let copyResult = outcomes.first { $0.anchor == copy.anchor }?.result ?? .failed(reason: "no outcome")
            let answer = "canary: \(canaryResult.probeText); invalid copy: \(copyResult.probeText)"
            let assumption = "one bad item in a batch: the whole batch may be refused; it is split until the bad item stands alone"
            guard case .exists(let other, _) = canaryResult, Self.same(other, id) else {
                return (answer, .failed(assumption, "the canary's item was not answered with its conflict"))
            }
            if case .applied = copyResult {
                return (answer, .info(assumption, "the vendor accepted an item without Email and ExternalId"))
            }
            guard let status = batchAnswer?.status, status != 200 else {
                return (answer, .confirmed(assumption, "the invalid item failed alone (HTTP 200 with a result per user)"))
            }
            return (answer, .handled(
                assumption, "the whole batch was refused (HTTP \(status)) for one invalid item; dirbridge split it and settled "
                    + "the canary's item alone: no option to set"))
        }
        let assumption = "order of the per-user results: any order; each is paired by UserProviderKey, ExternalId or Username"
        guard let batchAnswer, batchAnswer.status == 200,
              let found = VendorAnswerFields.requestorResultPosition(of: id, in: batchAnswer.body), found.count == 2
        else {
            let verdict = ProbeVerdict.info(assumption, "not observable: the batch was not answered with a result per user")
            return [batch, ProbeStep(
                name: "result order", request: "read from the batch's answer", answer: "no list of two results", exchanges: [],
                milliseconds: 0, verdict: verdict)]
        }
        let verdict: ProbeVerdict =
            found.position == 0
            ? .confirmed(assumption, "the results came in request order")
            : .handled(assumption, "the results did not come in request order; dirbridge pairs them by identity, never by position: no option to set")
        return [batch, ProbeStep(
            name: "result order", request: "read from the batch's answer (the canary's item was sent first)",
            answer: "the canary's result is \(found.position + 1) of \(found.count)", exchanges: [], milliseconds: 0, verdict: verdict)]
    }
}
