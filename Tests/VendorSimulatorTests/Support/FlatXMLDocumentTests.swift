import Testing
@testable import VendorSimulator

@Suite("Flat XML records")
struct FlatXMLDocumentTests {
    @Test("reads a record with declaration, namespaces, entities and empty elements")
    func parsesRecord() throws {
        let document = try FlatXMLDocument.parse(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <User xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <d1:UserNo xmlns:d1="urn:x">42</d1:UserNo>
              <Name>R&amp;D &lt;team&gt; &#233;&#x41;</Name>
              <Title/>
            </User>
            """
        )
        #expect(document.rootName == "User")
        #expect(document.fields == ["UserNo": "42", "Name": "R&D <team> éA", "Title": ""])
    }

    @Test("JSON is refused the way .NET words it")
    func refusesJSON() {
        #expect(throws: FlatXMLDocument.ParseError(line: 1, position: 1, reason: "Data at the root level is invalid.")) {
            try FlatXMLDocument.parse(#"{"UserNo": "1"}"#)
        }
    }

    @Test("mismatched tags, nesting, unknown entities and trailing roots are errors")
    func refusesMalformed() {
        for text in ["<User><A>1</B></User>", "<User><A><B>1</B></A></User>", "<User><A>&nbsp;</A></User>", "<User/><User/>", "<User><A>1</A>"] {
            #expect(throws: FlatXMLDocument.ParseError.self, "\(text)") { try FlatXMLDocument.parse(text) }
        }
    }
}
