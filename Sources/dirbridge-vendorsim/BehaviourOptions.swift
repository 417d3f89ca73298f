import ArgumentParser
import VendorSimulator

/// How the simulated vendors answer where their documents are silent (docs/vendorsim.md);
/// adjustable at runtime with `POST /_sim/behaviour`.
struct BehaviourOptions: ParsableArguments {
    @Option(help: "Aria imports: atomic (all or none) or in-order (stored up to the user refused).")
    var ariaBatch: SimulatorBehaviour.BatchApplication = .atomic

    @Option(help: "Authorization schemes Aria takes: both (8.17+), vrealize-ops-token (older releases) or ops-token.")
    var ariaTokenSchemes: SimulatorBehaviour.TokenSchemes = .both

    @Option(help: "Status of an Aria import creating a user name that exists (409, 400, 500: any 4xx/5xx).")
    var ariaDuplicateStatus = 409

    @Option(help: "Status of an Aria re-import whose id Aria does not hold (404, 400, 500: any 4xx/5xx).")
    var ariaUnknownIdStatus = 404

    @Option(help: "Status of an Expoints add of a user name that exists (400, 409, 500: any 4xx/5xx).")
    var expointsDuplicateStatus = 400

    @Option(help: "Order of Requestor's results: in-order, reversed or shuffled (seeded by --seed).")
    var requestorResultOrder: SimulatorBehaviour.ResultOrder = .inOrder

    @Option(help: "Requestor batch with an invalid item: per-item (that item fails) or whole-batch (400, nothing applied).")
    var requestorInvalidItem: SimulatorBehaviour.InvalidItem = .perItem

    @Option(help: "Where Forms On Fire's DELETE reads its parameters: both, query or body.")
    var formsonfireDeleteParameters: SimulatorBehaviour.DeleteParameters = .both

    @Option(help: "ErrorCode of a Forms On Fire duplicate (default: DuplicateEmail / DuplicateExternalId).")
    var formsonfireDuplicateCode = ""

    @Option(help: "Shape of a Forms On Fire search answer: list ({\"SUsers\":[…]}) or array (bare).")
    var formsonfireLookupShape: SimulatorBehaviour.SearchShape = .list

    @Option(help: "Shape of an Expoints lookup by name: object (404 when none), array (always 200), unfiltered (name ignored: every user) or absent (405: no GET).")
    var expointsLookupShape: SimulatorBehaviour.LookupShape = .object

    @Option(help: "Whether the Expoints tenant takes updates: put, or absent (405 to PUT).")
    var expointsUpdates: SimulatorBehaviour.UpdateMethod = .put

    @Option(help: "How Sertica answers an import: status (the status line) or response-message (200, the outcome in a serialized HttpResponseMessage).")
    var serticaAnswer: SimulatorBehaviour.SerticaAnswer = .status

    @Option(help: "Property names of the .NET vendors' JSON answers: pascal (as documented) or camel.")
    var jsonKeys: SimulatorBehaviour.JSONKeys = .pascal

    @Option(help: "Records per user in a Requestor answer: one, or two (the second without its key).")
    var requestorResultsPerUser: SimulatorBehaviour.ResultsPerUser = .one

    @Option(help: "Aria's user lookup: filtered (by username) or paged-unfiltered (everyone, 25 per page).")
    var ariaLookup: SimulatorBehaviour.AriaLookup = .filtered

    @Option(help: "Whether Requestor deletes without Force: optional, or required (200 with Success false, the user kept).")
    var requestorDeleteForce: SimulatorBehaviour.DeleteForce = .optional

    @Option(help: "What Forms On Fire's DELETE answers: user (SUserResponse with the user) or empty (a bare 200).")
    var formsonfireDeleteAnswer: SimulatorBehaviour.DeleteAnswer = .user

    @Option(help: "Whether Requestor's results echo the ExternalId: echo, or null (as the seed's sample result).")
    var requestorResultExternalId: SimulatorBehaviour.ResultExternalId = .echo

    @Option(help: "Expoints adds: atomic (all or none) or in-order (stored up to the user refused).")
    var expointsBatch: SimulatorBehaviour.BatchApplication = .atomic

    @Option(help: "Requestor's JSON Patch replace: lenient, or strict (refused for a property the user does not hold).")
    var requestorPatchReplace: SimulatorBehaviour.PatchReplace = .lenient

    @Option(help: "A Forms On Fire create of an Email or ExternalId it holds: refuse (the duplicate error), or upsert (that account updated, 200 with its Id).")
    var formsonfireDuplicateCreate: SimulatorBehaviour.DuplicateCreate = .refuse

    func validate() throws {
        for (flag, status) in [
            ("--aria-duplicate-status", ariaDuplicateStatus), ("--aria-unknown-id-status", ariaUnknownIdStatus),
            ("--expoints-duplicate-status", expointsDuplicateStatus),
        ] where !SimulatorBehaviour.errorStatuses.contains(status) {
            throw ValidationError("\(flag) must be an error status (400…599), got \(status).")
        }
    }

    var behaviour: SimulatorBehaviour {
        var behaviour = SimulatorBehaviour()
        behaviour.ariaBatch = ariaBatch
        behaviour.ariaTokenSchemes = ariaTokenSchemes
        behaviour.ariaDuplicateStatus = ariaDuplicateStatus
        behaviour.ariaUnknownIdStatus = ariaUnknownIdStatus
        behaviour.expointsDuplicateStatus = expointsDuplicateStatus
        behaviour.requestorResultOrder = requestorResultOrder
        behaviour.requestorInvalidItem = requestorInvalidItem
        behaviour.formsOnFireDeleteParameters = formsonfireDeleteParameters
        behaviour.formsOnFireDuplicateCode = formsonfireDuplicateCode
        behaviour.formsOnFireLookupShape = formsonfireLookupShape
        behaviour.expointsLookupShape = expointsLookupShape
        behaviour.expointsUpdates = expointsUpdates
        behaviour.serticaAnswer = serticaAnswer
        behaviour.jsonKeys = jsonKeys
        behaviour.requestorResultsPerUser = requestorResultsPerUser
        behaviour.ariaLookup = ariaLookup
        behaviour.requestorDeleteForce = requestorDeleteForce
        behaviour.formsOnFireDeleteAnswer = formsonfireDeleteAnswer
        behaviour.requestorResultExternalId = requestorResultExternalId
        behaviour.expointsBatch = expointsBatch
        behaviour.requestorPatchReplace = requestorPatchReplace
        behaviour.formsOnFireDuplicateCreate = formsonfireDuplicateCreate
        return behaviour
    }
}

extension SimulatorBehaviour.BatchApplication: ExpressibleByArgument {}
extension SimulatorBehaviour.ResultOrder: ExpressibleByArgument {}
extension SimulatorBehaviour.InvalidItem: ExpressibleByArgument {}
extension SimulatorBehaviour.DeleteParameters: ExpressibleByArgument {}
extension SimulatorBehaviour.SearchShape: ExpressibleByArgument {}
extension SimulatorBehaviour.UpdateMethod: ExpressibleByArgument {}
extension SimulatorBehaviour.TokenSchemes: ExpressibleByArgument {}
extension SimulatorBehaviour.LookupShape: ExpressibleByArgument {}
extension SimulatorBehaviour.SerticaAnswer: ExpressibleByArgument {}
extension SimulatorBehaviour.JSONKeys: ExpressibleByArgument {}
extension SimulatorBehaviour.ResultsPerUser: ExpressibleByArgument {}
extension SimulatorBehaviour.AriaLookup: ExpressibleByArgument {}
extension SimulatorBehaviour.DeleteForce: ExpressibleByArgument {}
extension SimulatorBehaviour.DeleteAnswer: ExpressibleByArgument {}
extension SimulatorBehaviour.ResultExternalId: ExpressibleByArgument {}
extension SimulatorBehaviour.PatchReplace: ExpressibleByArgument {}
extension SimulatorBehaviour.DuplicateCreate: ExpressibleByArgument {}
