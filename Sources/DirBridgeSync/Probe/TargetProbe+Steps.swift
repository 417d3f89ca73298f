import Connectors
import DirBridgeCore
import Foundation

extension TargetProbe {
    /// The lifecycle up to the deprovisioning; every step after the create needs the canary's id.
    func runSteps(_ connector: any ImportConnector, log: HTTPExchangeLog, state: inout ProbeState, report: inout ProbeReport) async {
        report.steps.append(await createStep(connector, log: log, state: &state))
        guard let id = state.vendorId else { return }
        report.steps.append(await lookupStep(connector, log: log, id: id))
        report.steps.append(await duplicateStep(connector, log: log, id: id, state: &state))
        report.steps.append(await changeStep(.update, connector, log: log, id: id))
        report.steps.append(await changeStep(.reimport, connector, log: log, id: id))
        if target.vendor == .requestor {
            report.steps += await batchSteps(connector, log: log, id: id)
        }
        report.steps += await deprovisionSteps(connector, log: log, id: id, state: &state)
    }

    // MARK: - Create and lookup

    private func createStep(_ connector: any ImportConnector, log: HTTPExchangeLog, state: inout ProbeState) async -> ProbeStep {
        let fields = createdPayload.fields.keys.sorted().joined(separator: ", ")
        return await step("create", request: "create of the canary with the fields the mapping sends (\(fields))", log: log) {
            let assumption = "a create is proven by the vendor's documented answer, which names the new account"
            let result = await send(action(.create, createdPayload, vendorId: nil), through: connector)
            switch result {
            case .applied(let id?):
                state.vendorId = id
                return (result.probeText, .confirmed(assumption, "created; the answer names it as \(id)"))
            case .exists(let id, _):
                return (result.probeText, .failed(
                    assumption, "an account with the canary's key exists already (\(id)); it is not the probe's and is not touched: "
                        + "run the probe with another --name / --mail"))
            case .unknown, .applied(nil):
                // The create may have been applied: only the lookup can say under which id.
                if case .found(let id)? = try? await connector.lookup(naturalKeyOf: createdPayload) {
                    state.vendorId = id
                    return (result.probeText, .failed(assumption, "the answer did not prove the create; a lookup found the canary as \(id)"))
                }
                state.mayExist = true
                return (result.probeText, .failed(assumption, "the answer did not prove the create, and no lookup found the canary"))
            case .rejected, .failed, .targetRefused:
                return (result.probeText, .failed(assumption, "the vendor did not create the canary"))
            }
        }
    }

    private func lookupStep(_ connector: any ImportConnector, log: HTTPExchangeLog, id: String) async -> ProbeStep {
        let field = connector.matchField
        let request = field.map { "lookup of the canary by \($0) = \(createdPayload.probeText($0))" } ?? "lookup of the canary"
        return await step("lookup", request: request, log: log) {
            let assumption = "a user is found again by its natural key (\(field ?? "none")) under the id its create returned"
            let found: LookupResult
            do throws(ConnectorError) {
                found = try await connector.lookup(naturalKeyOf: createdPayload)
            } catch {
                return ("\(error.message)", .failed(assumption, "the lookup failed: \(error.message)"))
            }
            switch found {
            case .found(let other) where Self.same(other, id):
                return (found.probeText, .confirmed(assumption, "found under the same id"))
            case .found(let other):
                return (found.probeText, .failed(
                    assumption, "the lookup names another account (\(other)) than the one created (\(id)): dirbridge would settle "
                        + "an unknown create on the wrong account"))
            case .unsupported:
                return (found.probeText, .info(
                    "a create whose answer is lost is settled by lookup",
                    "the vendor has no lookup: such a create is sent again, which the vendor must answer idempotently (see the duplicate create)"))
            case .notFound:
                if let working = await firstWorking(alternatives(of: .lookupBy), log: log, { alternative in
                    if case .found(let other)? = try? await alternative.lookup(naturalKeyOf: createdPayload) { return Self.same(other, id) }
                    return false
                }) {
                    return (found.probeText, .contradicted(
                        assumption, "the configured lookup does not find the canary; with \(working.setting) it does", option: working.setting))
                }
                return (found.probeText, .failed(
                    assumption, "the vendor does not find the account it just created: a create whose answer is lost would be created twice"))
            }
        }
    }

    // MARK: - Duplicate

    private func duplicateStep(
        _ connector: any ImportConnector, log: HTTPExchangeLog, id: String, state: inout ProbeState
    ) async -> ProbeStep {
        await step("duplicate create", request: "the same create again (the canary exists now)", log: log) {
            let result = await send(action(.create, createdPayload, vendorId: nil), through: connector)
            let duplicate = duplicateAnswer(first: log.pending.first)
            switch result {
            case .exists(let other, _) where Self.same(other, id):
                let finding = "refused with \(duplicate.observed), then named as the canary's account (adopted when nobody owns it)"
                return (result.probeText, duplicate.usual.contains(duplicate.observed)
                    ? .confirmed(duplicate.assumption, finding)
                    : .handled(duplicate.assumption, finding + "; the usual answer is \(duplicate.usual.joined(separator: " or ")), and dirbridge handles "
                        + "any refusal (4xx/5xx) of a create by a lookup: no option to set"))
            case .unknown:
                // What the dispatcher's follow-up rounds do with an unproven create: look it up.
                guard case .found(let other)? = try? await connector.lookup(naturalKeyOf: createdPayload), Self.same(other, id) else {
                    return (result.probeText, .failed(
                        duplicate.assumption, "answered with \(duplicate.observed), which proves nothing, and the follow-up lookup "
                            + "did not find the canary's account"))
                }
                return (result.probeText, .handled(
                    duplicate.assumption, "answered with \(duplicate.observed), which proves nothing (the usual answer is "
                        + "\(duplicate.usual.joined(separator: " or "))); the follow-up lookup of a sync finds the canary's account, "
                        + "adopted when nobody owns it: no option to set"))
            case .applied(let other?) where Self.same(other, id):
                let finding = "the repeated create updated the same account (an upsert)"
                return (result.probeText, target.vendor == .sertica
                    ? .confirmed(duplicate.assumption, finding) : .handled(duplicate.assumption, finding + ": nothing is created twice"))
            case .applied(let other?):
                state.strays.append(other)
                return (result.probeText, .failed(
                    duplicate.assumption, "the vendor created a second account (\(other)) for the same user; dirbridge relies on a "
                        + "repeated create being refused or merged. The probe removes it with the canary"))
            default:
                return (result.probeText, .failed(
                    duplicate.assumption, "dirbridge could not tell the existing account from this answer: a create whose answer "
                        + "is lost could not be settled"))
            }
        }
    }

    /// What dirbridge assumes about a repeated create at this vendor, the usual answer and the one seen.
    private func duplicateAnswer(first exchange: HTTPExchange?) -> (assumption: String, usual: [String], observed: String) {
        let status = exchange.map { $0.status.map { "HTTP \($0)" } ?? "no answer" } ?? "no request"
        switch target.vendor {
        case .ariaOperations:
            return ("status of a duplicate user name: any refusal (400, 409, 422, 5xx) of a create is followed by a lookup",
                    ["HTTP 409"], status)
        case .expoints:
            return ("duplicate status of an add: a refused add is looked up before anything is resent", ["HTTP 400"], status)
        case .formsOnFire:
            let code = exchange.flatMap { VendorAnswerFields.serviceStackErrorCode(in: $0.body) } ?? "no ErrorCode"
            return ("error code of a duplicate: any refused create is looked up by e-mail / external id (options.lookup_by)",
                    ["DuplicateEmail", "DuplicateExternalId"], code)
        case .requestor:
            return ("a repeated create is answered with UserProviderKeyConflict naming the existing account",
                    ["UserProviderKeyConflict"], "UserProviderKeyConflict")
        case .sertica:
            return ("the import is an upsert by UserNo: a repeated create changes the same user", ["HTTP 200"], status)
        }
    }

    // MARK: - Update and re-import

    private func changeStep(_ kind: ActionKind, _ connector: any ImportConnector, log: HTTPExchangeLog, id: String) async -> ProbeStep {
        let changed = createdPayload != updatedPayload
        let what = changed ? "title changed to \"\(Self.updatedTitle)\"" : "the mapping sends no field from title, so the same fields"
        let (name, assumption) =
            kind == .update
            ? ("update", "an update addressed by the stored id is applied")
            : ("re-import", "a re-import carrying the stored id brings the user back under the same id")
        return await step(name, request: "\(name) of the canary by its id \(id) (\(what))", log: log) {
            let result = await send(action(kind, updatedPayload, vendorId: id), through: connector)
            switch result {
            case .applied(let other) where other.map { Self.same($0, id) } ?? true:
                return (result.probeText, .confirmed(assumption, "applied to \(id)"))
            case .applied(let other?):
                return (result.probeText, .failed(assumption, "applied, but the vendor now names the canary \(other) instead of \(id)"))
            default:
                return (result.probeText, .failed(assumption, "not applied"))
            }
        }
    }

    static func same(_ left: String, _ right: String) -> Bool {
        left.lowercased() == right.lowercased()
    }
}

extension TargetPayload {
    /// A field's value for a report line.
    func probeText(_ field: String) -> String {
        switch fields[field] {
        case .string(let value)?: value
        case let value?: value.canonicalJSON
        case nil: "(none)"
        }
    }
}
