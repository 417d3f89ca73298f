import Testing
@testable import HTTPTransport

struct ASCIIBytesTests {
    @Test func trimmingDropsASCIIWhitespaceAtBothEndsOnly() {
        #expect(Array(ASCIIBytes.trimmed(Array(" \t application/json ; q=1\r\n".utf8))) == Array("application/json ; q=1".utf8))
        #expect(ASCIIBytes.trimmed(Array(" \t\r\n".utf8)).isEmpty)
        #expect(ASCIIBytes.trimmed([UInt8]()).isEmpty)
        // A non-ASCII space is content to a protocol parser.
        #expect(Array(ASCIIBytes.trimmed(Array("\u{A0}x".utf8))) == Array("\u{A0}x".utf8))
    }

    @Test func prefixAndContainsIgnoreASCIICase() {
        #expect(ASCIIBytes.hasPrefix(Array("<!DOCTYPE HTML>".utf8), lowercased: "<!doctype html"))
        #expect(!ASCIIBytes.hasPrefix(Array("<!DOC".utf8), lowercased: "<!doctype html"))
        #expect(!ASCIIBytes.hasPrefix(Array("{\"html\": 1}".utf8), lowercased: "<html"))
        #expect(ASCIIBytes.contains("Text/HTML; charset=utf-8", lowercased: "html"))
        #expect(!ASCIIBytes.contains("application/json", lowercased: "html"))
        #expect(!ASCIIBytes.contains("htm", lowercased: "html"))
        #expect(ASCIIBytes.contains("application/xhtml", lowercased: "html"))
        #expect(ASCIIBytes.contains("HTML", lowercased: "html"))
        #expect(ASCIIBytes.contains("hhtMl", lowercased: "html"))
        #expect(!ASCIIBytes.contains("htmhtm", lowercased: "html"))
        #expect(ASCIIBytes.contains("Ärger: html", lowercased: "html"))
        #expect(ASCIIBytes.contains("", lowercased: ""))
        #expect(!ASCIIBytes.contains("", lowercased: "html"))
    }
}
