/// The answers the vendors' documents leave open, one switch each, so that dirbridge's tests
/// run against vendors that disagree with its connectors (see docs/vendor-behaviour.md). The
/// defaults are the simulator's historical choices.
public struct SimulatorBehaviour: Sendable, Equatable {
    /// Whether an Aria import of several users stores them all or none (`atomic`), or one after
    /// another up to the user it refuses (`inOrder`).
    public enum BatchApplication: String, Sendable, CaseIterable {
        case atomic
        case inOrder = "in-order"
    }

    /// The order of Requestor's per-user results.
    public enum ResultOrder: String, Sendable, CaseIterable {
        case inOrder = "in-order", reversed, shuffled
    }

    /// What Requestor does with a batch holding one invalid item.
    public enum InvalidItem: String, Sendable, CaseIterable {
        /// That item's result says `Success: false`; the others apply.
        case perItem = "per-item"
        /// The whole request is answered 400 and nothing applies.
        case wholeBatch = "whole-batch"
    }

    /// Where Forms On Fire's DELETE reads `{IntegrationKey, ProviderId, Id}`.
    public enum DeleteParameters: String, Sendable, CaseIterable {
        case both, query, body
    }

    /// The shape of a search answer.
    public enum LookupShape: String, Sendable, CaseIterable {
        /// The vendor's response object (`{"SUsers":[…]}`; Expoints: one object, 404 when none).
        case object
        /// A bare JSON array of the matches, `[]` when none.
        case array
    }

    public var ariaBatch: BatchApplication = .atomic
    /// The status of an Aria import that creates a user name that exists.
    public var ariaDuplicateStatus = 409
    /// The status of an Expoints add of a user name that exists.
    public var expointsDuplicateStatus = 400
    public var requestorResultOrder: ResultOrder = .inOrder
    public var requestorInvalidItem: InvalidItem = .perItem
    public var formsOnFireDeleteParameters: DeleteParameters = .both
    /// The ErrorCode of a Forms On Fire duplicate; nil: `DuplicateEmail` / `DuplicateExternalId`.
    public var formsOnFireDuplicateCode: String?
    public var formsOnFireLookupShape: LookupShape = .object
    public var expointsLookupShape: LookupShape = .object

    public init() {}
}
