@testable import Connectors
import Foundation
import Testing

@Suite struct JSONTests {
    struct Answer: Decodable, Equatable {
        struct User: Decodable, Equatable {
            var Id: String?
            var Email: String?
        }

        var SUser: User?
        var Note: String?
    }

    /// Answers spelt as documented take the plain decoder; any other spelling is mapped. Both
    /// read the same answer, whatever the strings' contents look like.
    @Test(arguments: [
        (#"{"SUser":{"Id":"7","Email":"a@b"}}"#, true),
        (#"{"sUser":{"id":"7","email":"a@b"}}"#, false),
        (#"{"SUser":{"id":"7","Email":"a@b"}}"#, false),
        (#"{"SUser" : {"Id":"7","Email":"a@b"},"Note":"x\":y"}"#, true),
        (#"{"Note":"say \"sUser\": here","SUser":{"Id":"7","Email":"a@b"}}"#, true),
        (#"{"\u0053User":{"Id":"7","Email":"a@b"}}"#, false),
        (#"{"":1,"SUser":{"Id":"7","Email":"a@b"}}"#, true),
        (#"{"SUser":{"Id":"7","Email":"a@b"},"éx":1}"#, false),
    ])
    func keysAsDocumentedAreReadWithoutMapping(body: String, documented: Bool) throws {
        let data = Data(body.utf8)
        #expect(JSON.keysAreDocumented(in: data, style: .pascalCase) == documented)
        let answer = try #require(JSON.decode(Answer.self, from: data, keys: .pascalCase))
        #expect(answer.SUser == Answer.User(Id: "7", Email: "a@b"))
    }

    @Test func camelCaseAnswersAreCheckedForCapitals() {
        #expect(JSON.keysAreDocumented(in: Data(#"{"users":[{"id":"1"}],"Total":1}"#.utf8), style: .camelCase) == false)
        #expect(JSON.keysAreDocumented(in: Data(#"{"users":[{"id":"1","name":"Ann"}]}"#.utf8), style: .camelCase))
    }
}
