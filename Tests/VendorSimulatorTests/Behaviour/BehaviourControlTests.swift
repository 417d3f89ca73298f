import Foundation
import Testing
@testable import VendorSimulator

@Suite("Behaviour switches: GET|POST /_sim/behaviour")
struct BehaviourControlTests {
    static let defaults: JSONValue = [
        "ariaBatch": "atomic", "ariaTokenSchemes": "both", "ariaDuplicateStatus": 409, "ariaUnknownIdStatus": 404, "expointsDuplicateStatus": 400,
        "requestorResultOrder": "inOrder", "requestorInvalidItem": "perItem", "formsOnFireDeleteParameters": "both",
        "formsOnFireDuplicateCode": "", "formsOnFireLookupShape": "list", "expointsLookupShape": "object",
        "expointsUpdates": "put", "serticaAnswer": "status", "jsonKeys": "pascal", "requestorResultsPerUser": "one", "ariaLookup": "filtered",
        "requestorDeleteForce": "optional", "formsOnFireDeleteAnswer": "user", "requestorResultExternalId": "echo", "expointsBatch": "atomic", "requestorPatchReplace": "lenient",
        "formsOnFireDuplicateCreate": "refuse",
    ]

    @Test("GET shows every switch at its default; POST replaces them, missing keys back to defaults")
    func readAndReplace() async throws {
        try await withSimulator { client in
            #expect(try await client.send("GET", "/_sim/behaviour").json == Self.defaults)

            let body: JSONValue = [
                "ariaBatch": "inOrder", "ariaTokenSchemes": "vrealizeOpsToken", "ariaDuplicateStatus": 500, "ariaUnknownIdStatus": 400, "expointsDuplicateStatus": 409,
                "requestorResultOrder": "shuffled", "requestorInvalidItem": "wholeBatch", "formsOnFireDeleteParameters": "query",
                "formsOnFireDuplicateCode": "AlreadyExists", "formsOnFireLookupShape": "array", "expointsLookupShape": "array",
                "expointsUpdates": "absent", "serticaAnswer": "responseMessage", "jsonKeys": "camel", "requestorResultsPerUser": "two", "ariaLookup": "pagedUnfiltered",
                "requestorDeleteForce": "required", "formsOnFireDeleteAnswer": "empty", "requestorResultExternalId": "null", "expointsBatch": "inOrder", "requestorPatchReplace": "strict",
                "formsOnFireDuplicateCreate": "upsert",
            ]
            let replaced = try await client.send("POST", "/_sim/behaviour", json: body)
            #expect(replaced.status == 200)
            #expect(replaced.json == body)
            #expect(try await client.send("GET", "/_sim/behaviour").json == body)

            let partial = try await client.send("POST", "/_sim/behaviour", json: ["requestorResultOrder": "reversed", "ariaBatch": nil])
            var expected = Self.defaults.objectValue!
            expected["requestorResultOrder"] = "reversed"
            #expect(partial.json == .object(expected))
            #expect(try await client.send("POST", "/_sim/behaviour", json: [:]).json == Self.defaults)
        }
    }

    @Test("the command-line spelling of a value is accepted too")
    func flagSpelling() async throws {
        try await withSimulator { client in
            let response = try await client.send("POST", "/_sim/behaviour", json: ["ariaBatch": "in-order", "requestorInvalidItem": "whole-batch"])
            #expect(response.status == 200)
            #expect(response.json["ariaBatch"] == "inOrder")
            #expect(response.json["requestorInvalidItem"] == "wholeBatch")
        }
    }

    @Test(
        "an invalid value or unknown key is a 400 naming the field, and changes nothing",
        arguments: [
            ("ariaBatch", JSONValue.string("sometimes")), ("ariaDuplicateStatus", 200), ("ariaDuplicateStatus", "409"),
            ("expointsDuplicateStatus", 600), ("requestorResultOrder", "random"), ("requestorInvalidItem", true),
            ("formsOnFireDeleteParameters", "header"), ("formsOnFireDuplicateCode", 7), ("formsOnFireLookupShape", "object"),
            ("expointsLookupShape", "list"), ("expointsUpdates", "patch"), ("ariaTokenSchemes", "Bearer"), ("ariaUnknownIdStatus", 204), ("ariaBach", "atomic"),
        ]
    )
    func invalid(field: String, value: JSONValue) async throws {
        try await withSimulator { client in
            // A valid switch beside the invalid one is not applied either.
            var body: [String: JSONValue] = ["expointsLookupShape": "array"]
            body[field] = value
            let response = try await client.send("POST", "/_sim/behaviour", json: .object(body))
            #expect(response.status == 400)
            #expect(response.json["field"].stringValue == field)
            #expect(response.json["message"].stringValue?.contains(field) == true)
            #expect(try await client.send("GET", "/_sim/behaviour").json == Self.defaults)
        }
    }

    @Test("a body that is not a JSON object is a 400")
    func notAnObject() async throws {
        try await withSimulator { client in
            let response = try await client.send("POST", "/_sim/behaviour", json: ["atomic"])
            #expect(response.status == 400)
        }
    }

    @Test("the configuration's behaviour is the starting point, and an invalid one is refused at start")
    func fromConfiguration() async throws {
        var behaviour = SimulatorBehaviour()
        behaviour.expointsLookupShape = .array
        try await withSimulator(SimulatorConfiguration(behaviour: behaviour)) { client in
            let shown = try await client.send("GET", "/_sim/behaviour")
            #expect(shown.json["expointsLookupShape"] == "array")
        }
        behaviour.ariaDuplicateStatus = 302
        #expect(throws: SimulatorBehaviour.InvalidSwitch(field: "ariaDuplicateStatus", reason: "must be an error status (400…599), got 302")) {
            try VendorSimulator(configuration: SimulatorConfiguration(behaviour: behaviour), logger: .init(label: "t"))
        }
    }

    @Test("reset keeps the switches")
    func resetKeepsSwitches() async throws {
        try await withSimulator { client in
            _ = try await client.send("POST", "/_sim/behaviour", json: ["ariaBatch": "inOrder"])
            _ = try await client.send("POST", "/_sim/reset")
            #expect(try await client.send("GET", "/_sim/behaviour").json["ariaBatch"] == "inOrder")
        }
    }

    @Test("choices: kebab-case raw values for flags, camelCase for JSON, both accepted")
    func choiceSpellings() {
        #expect(SimulatorBehaviour.ResultOrder.inOrder.rawValue == "in-order")
        #expect(SimulatorBehaviour.ResultOrder.inOrder.jsonValue == "inOrder")
        #expect(SimulatorBehaviour.InvalidItem.wholeBatch.jsonValue == "wholeBatch")
        #expect(SimulatorBehaviour.DeleteParameters.query.jsonValue == "query")
        #expect(SimulatorBehaviour.InvalidItem(spelling: "per-item") == .perItem)
        #expect(SimulatorBehaviour.InvalidItem(spelling: "perItem") == .perItem)
        #expect(SimulatorBehaviour.InvalidItem(spelling: "PerItem") == nil)
    }
}
