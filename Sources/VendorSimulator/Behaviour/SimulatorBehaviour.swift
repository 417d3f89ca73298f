/// The answers the vendors' documents leave open, one switch each, so that dirbridge's tests
/// run against vendors that disagree with its connectors (docs/vendorsim.md, "Behaviour
/// switches"). The defaults are the simulator's historical choices. Set at start-up by flags,
/// and at runtime by `POST /_sim/behaviour` with this type's JSON (keys = the field names).
package struct SimulatorBehaviour: Sendable, Equatable {
    /// Whether an Aria import of several users stores them all or none (`atomic`), or one after
    /// another up to the user it refuses (`inOrder`).
    package enum BatchApplication: String, BehaviourChoice {
        case atomic
        case inOrder = "in-order"
    }

    /// The order of Requestor's per-user results.
    package enum ResultOrder: String, BehaviourChoice {
        case inOrder = "in-order", reversed, shuffled
    }

    /// What Requestor does with a batch holding one invalid item.
    package enum InvalidItem: String, BehaviourChoice {
        /// That item's result says `Success: false`; the others apply.
        case perItem = "per-item"
        /// The whole request is answered 400 and nothing applies.
        case wholeBatch = "whole-batch"
    }

    /// Where Forms On Fire's DELETE reads `{IntegrationKey, ProviderId, Id}`.
    package enum DeleteParameters: String, BehaviourChoice {
        case both, query, body
    }

    /// The shape of a Forms On Fire search answer.
    package enum SearchShape: String, BehaviourChoice {
        /// The documented response object, `{"SUsers":[…]}`.
        case list
        /// A bare JSON array of the matches.
        case array
    }

    /// The shape of an Expoints lookup by name.
    package enum LookupShape: String, BehaviourChoice {
        /// One user object; 404 when nobody has the name.
        case object
        /// Always 200 with a JSON array of the matches, `[]` when none.
        case array
        /// A tenant without the name filter: `name` is ignored and every user is listed.
        case unfiltered
        /// A tenant without GET on the user resource: 405, as for a PUT it lacks.
        case absent
    }

    /// The `Authorization` schemes an Aria release takes: both on 8.17+, only `vRealizeOpsToken`
    /// before; a future release may take only `OpsToken`.
    package enum TokenSchemes: String, BehaviourChoice {
        case both
        case opsToken = "ops-token"
        case vrealizeOpsToken = "vrealize-ops-token"

        func accepts(_ scheme: String) -> Bool {
            switch self {
            case .both: scheme == "OpsToken" || scheme == "vRealizeOpsToken"
            case .opsToken: scheme == "OpsToken"
            case .vrealizeOpsToken: scheme == "vRealizeOpsToken"
            }
        }
    }

    /// Whether an Expoints tenant takes updates (`PUT …/user`); not every tenant has it.
    package enum UpdateMethod: String, BehaviourChoice {
        case put
        /// The route has no PUT: 405, ASP.NET Web API's "does not support http method 'PUT'".
        case absent
    }

    /// How Sertica answers an import: its status line, or 200 with the documented
    /// `HttpResponseMessage` serialized as content, the real outcome inside.
    package enum SerticaAnswer: String, BehaviourChoice {
        case status
        case responseMessage = "response-message"
    }

    /// How the .NET vendors (Sertica, Requestor, Expoints, Forms On Fire) spell the property
    /// names of their JSON answers: as their documents show (`UserProviderKey`), or in camelCase
    /// (`userProviderKey`, ASP.NET Core's and ServiceStack's optional default).
    package enum JSONKeys: String, BehaviourChoice {
        case pascal, camel
    }

    /// How many records Requestor's answer holds per user: the seed says "the result contains
    /// all records for each user".
    package enum ResultsPerUser: String, BehaviourChoice {
        case one, two
    }

    /// What Aria's `GET auth/users?username=` answers: the user named, or (a release that ignores
    /// the filter) everyone, in pages of at most 25 with `pageInfo`.
    package enum AriaLookup: String, BehaviourChoice {
        case filtered
        case pagedUnfiltered = "paged-unfiltered"
        /// As `pagedUnfiltered`, with a `pageInfo` that gives no `totalCount`.
        case pagedUnfilteredWithoutTotal = "paged-unfiltered-without-total"
    }

    /// Whether Requestor's `DeleteRequestorUser` deletes with `Force: false`: its answer is not
    /// documented; `required` keeps the user and answers 200 `{"Success": false, "ErrorMessage"}`.
    package enum DeleteForce: String, BehaviourChoice {
        case optional, required
    }

    /// What Forms On Fire's DELETE answers: only the POST answer is documented (`SUserResponse`
    /// with the user), `empty` is a bare 200.
    package enum DeleteAnswer: String, BehaviourChoice {
        case user, empty
    }

    /// Whether Requestor's results echo the user's `ExternalId`: the seed's sample result has
    /// `"ExternalId": null`, so only the `Username` (and, for updates, the key) may name him.
    package enum ResultExternalId: String, BehaviourChoice {
        case echo, null
    }

    /// Whether Requestor's JSON Patch `replace` wants the property to exist: `strict` refuses a
    /// replace of one the user does not hold (null or absent; any, for a create).
    package enum PatchReplace: String, BehaviourChoice {
        case lenient, strict
    }

    /// What a create of a key the vendor holds does: `refuse` answers the duplicate, `upsert`
    /// updates the account that holds it and answers success with its id, as a create would.
    package enum DuplicateCreate: String, BehaviourChoice {
        case refuse, upsert
    }

    package var ariaBatch: BatchApplication = .atomic
    package var ariaTokenSchemes: TokenSchemes = .both
    /// The status of an Aria import that creates a user name that exists.
    package var ariaDuplicateStatus = 409
    /// The status of an Aria re-import carrying an id Aria does not hold (deleted since).
    package var ariaUnknownIdStatus = 404
    /// The status of an Expoints add of a user name that exists.
    package var expointsDuplicateStatus = 400
    package var requestorResultOrder: ResultOrder = .inOrder
    package var requestorInvalidItem: InvalidItem = .perItem
    package var formsOnFireDeleteParameters: DeleteParameters = .both
    /// The ErrorCode of a Forms On Fire duplicate; empty: `DuplicateEmail` / `DuplicateExternalId`.
    package var formsOnFireDuplicateCode = ""
    package var formsOnFireLookupShape: SearchShape = .list
    package var expointsLookupShape: LookupShape = .object
    package var expointsUpdates: UpdateMethod = .put
    package var serticaAnswer: SerticaAnswer = .status
    package var jsonKeys: JSONKeys = .pascal
    package var requestorResultsPerUser: ResultsPerUser = .one
    package var ariaLookup: AriaLookup = .filtered
    package var requestorDeleteForce: DeleteForce = .optional
    package var formsOnFireDeleteAnswer: DeleteAnswer = .user
    package var requestorResultExternalId: ResultExternalId = .echo
    package var expointsBatch: BatchApplication = .atomic
    package var requestorPatchReplace: PatchReplace = .lenient
    package var formsOnFireDuplicateCreate: DuplicateCreate = .refuse

    package init() {}

    /// Statuses a duplicate may get: any client or server error, so a test can play one the
    /// connector does not expect.
    package static let errorStatuses = 400...599

    /// Why a switch cannot take a value, naming the field.
    package struct InvalidSwitch: Error, Equatable, CustomStringConvertible {
        package var field: String
        package var reason: String
        package var description: String { "behaviour \(field): \(reason)" }
    }

    package func validated() throws(InvalidSwitch) -> SimulatorBehaviour {
        for (field, status) in [
            ("ariaDuplicateStatus", ariaDuplicateStatus), ("ariaUnknownIdStatus", ariaUnknownIdStatus),
            ("expointsDuplicateStatus", expointsDuplicateStatus),
        ] where !Self.errorStatuses.contains(status) {
            throw InvalidSwitch(field: field, reason: "must be an error status (400…599), got \(status)")
        }
        return self
    }
}

extension SimulatorBehaviour {
    private static let fields: Set<String> = [
        "ariaBatch", "ariaTokenSchemes", "ariaDuplicateStatus", "ariaUnknownIdStatus", "expointsDuplicateStatus",
        "requestorResultOrder", "requestorInvalidItem",
        "formsOnFireDeleteParameters", "formsOnFireDuplicateCode", "formsOnFireLookupShape", "expointsLookupShape",
        "expointsUpdates", "serticaAnswer", "jsonKeys", "requestorResultsPerUser", "ariaLookup", "requestorDeleteForce",
        "formsOnFireDeleteAnswer", "requestorResultExternalId", "expointsBatch", "requestorPatchReplace",
        "formsOnFireDuplicateCreate",
    ]

    /// Reads `POST /_sim/behaviour`'s body: missing keys (or `null`) take their defaults, so
    /// `{"ariaBatch": "inOrder"}` is a complete setting. An unknown key is refused rather than
    /// ignored, so a misspelt switch cannot leave a test running against the default.
    init(json object: [String: JSONValue]) throws(InvalidSwitch) {
        self.init()
        for key in object.keys.sorted() where !Self.fields.contains(key) {
            throw InvalidSwitch(field: key, reason: "is not a behaviour switch (one of \(Self.fields.sorted().joined(separator: ", ")))")
        }
        func choice<Choice: BehaviourChoice>(_ field: String, _ current: Choice) throws(InvalidSwitch) -> Choice {
            guard let value = object[field], value != .null else { return current }
            guard let text = value.stringValue, let choice = Choice(spelling: text) else {
                throw InvalidSwitch(field: field, reason: "must be one of \(Choice.accepted), got \(value.encodedText)")
            }
            return choice
        }
        func status(_ field: String, _ current: Int) throws(InvalidSwitch) -> Int {
            guard let value = object[field], value != .null else { return current }
            guard case .number(let number) = value, let status = Int(exactly: number) else {
                throw InvalidSwitch(field: field, reason: "must be an HTTP status number, got \(value.encodedText)")
            }
            return status
        }
        ariaBatch = try choice("ariaBatch", ariaBatch)
        ariaTokenSchemes = try choice("ariaTokenSchemes", ariaTokenSchemes)
        ariaDuplicateStatus = try status("ariaDuplicateStatus", ariaDuplicateStatus)
        ariaUnknownIdStatus = try status("ariaUnknownIdStatus", ariaUnknownIdStatus)
        expointsDuplicateStatus = try status("expointsDuplicateStatus", expointsDuplicateStatus)
        requestorResultOrder = try choice("requestorResultOrder", requestorResultOrder)
        requestorInvalidItem = try choice("requestorInvalidItem", requestorInvalidItem)
        formsOnFireDeleteParameters = try choice("formsOnFireDeleteParameters", formsOnFireDeleteParameters)
        formsOnFireLookupShape = try choice("formsOnFireLookupShape", formsOnFireLookupShape)
        expointsLookupShape = try choice("expointsLookupShape", expointsLookupShape)
        expointsUpdates = try choice("expointsUpdates", expointsUpdates)
        serticaAnswer = try choice("serticaAnswer", serticaAnswer)
        jsonKeys = try choice("jsonKeys", jsonKeys)
        requestorResultsPerUser = try choice("requestorResultsPerUser", requestorResultsPerUser)
        ariaLookup = try choice("ariaLookup", ariaLookup)
        requestorDeleteForce = try choice("requestorDeleteForce", requestorDeleteForce)
        formsOnFireDeleteAnswer = try choice("formsOnFireDeleteAnswer", formsOnFireDeleteAnswer)
        requestorResultExternalId = try choice("requestorResultExternalId", requestorResultExternalId)
        expointsBatch = try choice("expointsBatch", expointsBatch)
        requestorPatchReplace = try choice("requestorPatchReplace", requestorPatchReplace)
        formsOnFireDuplicateCreate = try choice("formsOnFireDuplicateCreate", formsOnFireDuplicateCreate)
        if let code = object["formsOnFireDuplicateCode"], code != .null {
            guard let text = code.stringValue else {
                throw InvalidSwitch(field: "formsOnFireDuplicateCode", reason: "must be a string, got \(code.encodedText)")
            }
            formsOnFireDuplicateCode = text
        }
        self = try validated()
    }

    /// What `GET /_sim/behaviour` shows: every switch, defaults included.
    var json: JSONValue {
        [
            "ariaBatch": .string(ariaBatch.jsonValue),
            "ariaTokenSchemes": .string(ariaTokenSchemes.jsonValue),
            "ariaDuplicateStatus": .number(Double(ariaDuplicateStatus)),
            "ariaUnknownIdStatus": .number(Double(ariaUnknownIdStatus)),
            "expointsDuplicateStatus": .number(Double(expointsDuplicateStatus)),
            "requestorResultOrder": .string(requestorResultOrder.jsonValue),
            "requestorInvalidItem": .string(requestorInvalidItem.jsonValue),
            "formsOnFireDeleteParameters": .string(formsOnFireDeleteParameters.jsonValue),
            "formsOnFireDuplicateCode": .string(formsOnFireDuplicateCode),
            "formsOnFireLookupShape": .string(formsOnFireLookupShape.jsonValue),
            "expointsLookupShape": .string(expointsLookupShape.jsonValue),
            "expointsUpdates": .string(expointsUpdates.jsonValue),
            "serticaAnswer": .string(serticaAnswer.jsonValue),
            "jsonKeys": .string(jsonKeys.jsonValue),
            "requestorResultsPerUser": .string(requestorResultsPerUser.jsonValue),
            "ariaLookup": .string(ariaLookup.jsonValue),
            "requestorDeleteForce": .string(requestorDeleteForce.jsonValue),
            "formsOnFireDeleteAnswer": .string(formsOnFireDeleteAnswer.jsonValue),
            "requestorResultExternalId": .string(requestorResultExternalId.jsonValue),
            "expointsBatch": .string(expointsBatch.jsonValue),
            "requestorPatchReplace": .string(requestorPatchReplace.jsonValue),
            "formsOnFireDuplicateCreate": .string(formsOnFireDuplicateCreate.jsonValue),
        ]
    }
}
