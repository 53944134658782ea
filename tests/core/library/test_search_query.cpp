// Search queries in Chinese: the query syntax with CJK words, the full-width signs ＋ and －
// and the ideographic space U+3000 parse exactly as their ASCII forms do; a text search that is
// empty or only punctuation and symbols is refused by the application layer with one line
// naming the query and asking for words.

#include "application/photo_query.h"
#include "application/use_case_error.h"
#include "library/query_parser.h"

#include <QtTest/QtTest>

using namespace clipdesk;

namespace {

struct Concept {
    QueryConcept::Kind kind;
    std::string text;
    double weight;
};

std::vector<Concept> concepts(const std::string& query) {
    std::vector<Concept> out;
    for (const auto& c : parseQuery(query)) out.push_back({c.kind, c.text, c.weight});
    return out;
}

void compareConcepts(const std::string& query, const std::vector<Concept>& expected) {
    const auto actual = concepts(query);
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual[i].kind, expected[i].kind);
        QCOMPARE(actual[i].text, expected[i].text);
        QCOMPARE(actual[i].weight, expected[i].weight);
    }
}

// The UseCaseError a text query is refused with.
UseCaseError refusal(const std::string& query) {
    try {
        readTextQuery(query);
    } catch (const UseCaseError& e) {
        return e;
    }
    throw std::runtime_error("accepted: " + query);
}

}  // namespace

class TestSearchQuery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chineseQueryParsesLikeAsciiOne() {
        using K = QueryConcept::Kind;
        const std::vector<Concept> expected{{K::Text, "海滩", 1}, {K::Text, "日落", 1}, {K::Text, "人", -0.5}};
        compareConcepts("海滩 +日落 -人", expected);
        compareConcepts("海滩 ＋日落 －人", expected);        // full-width signs
        compareConcepts("海滩　＋日落　－人", expected);      // ideographic spaces
        compareConcepts("　海滩\u3000+日落 \u3000-人　", expected);
        // The same structure as the ASCII query, concept for concept.
        const auto ascii = concepts("beach +sunset -people");
        QCOMPARE(ascii.size(), expected.size());
        for (std::size_t i = 0; i < ascii.size(); ++i) QCOMPARE(ascii[i].weight, expected[i].weight);
        // Plain words stay one description; weights and quotes work around CJK text.
        compareConcepts("海边的　日落", {{K::Text, "海边的 日落", 1}});
        compareConcepts("“红色”汽车^2 －\"一群 人\"^0.8", {{K::Text, "“红色”汽车", 2}, {K::Text, "一群 人", -0.8}});
        compareConcepts("t-shirt －人", {{K::Text, "t-shirt", 1}, {K::Text, "人", -0.5}});
    }

    void fullWidthSignNeedsAWord() {
        try {
            parseQuery("海滩 ＋　日落");
            QFAIL("accepted a lone ＋");
        } catch (const QuerySyntaxError& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("query syntax error at column 8: '＋' must be followed by a word, a quoted phrase or image:PATH"));
        }
        try {
            parseQuery("－人");
            QFAIL("accepted only a negative concept");
        } catch (const QuerySyntaxError& e) {
            QVERIFY2(std::string(e.what()).find("positive weight") != std::string::npos, e.what());
        }
    }

    void onlySeparatorsIsAnEmptyQuery() {
        QVERIFY(isEmptyQuery(""));
        QVERIFY(isEmptyQuery(" \t　\u3000 "));
        QVERIFY(!isEmptyQuery("　海滩"));
        QVERIFY(!isEmptyQuery("。"));
    }

    void queriesWithoutWordsAreRefusedNamingTheQuery() {
        const auto empty = refusal("");
        QCOMPARE(empty.problem(), UseCaseProblem::QueryWithoutWords);
        QCOMPARE(empty.subject(), std::string());
        QVERIFY2(std::string(empty.what()).find("query \"\": empty (expected some words") == 0, empty.what());
        QCOMPARE(refusal("　　").problem(), UseCaseProblem::QueryWithoutWords);
        for (const std::string query : {"！？。", "...", "、、 ～", "-- ?!", "“”", "🌅🌊"}) {
            const auto e = refusal(query);
            QCOMPARE(e.problem(), UseCaseProblem::QueryWithoutWords);
            QCOMPARE(e.subject(), query);
            const std::string what = e.what();
            QVERIFY2(what.find("query \"" + query + "\": \"") == 0, what.c_str());
            QVERIFY2(what.find("is only punctuation or symbols (expected some words") != std::string::npos, what.c_str());
            QVERIFY2(what.find('\n') == std::string::npos, what.c_str());
        }
        // One concept without words is enough to refuse, naming it.
        const auto partial = refusal("海滩 ＋！！");
        QVERIFY2(std::string(partial.what()).find("\"！！\" is only punctuation") != std::string::npos, partial.what());
    }

    void queriesWithWordsAreRead() {
        QCOMPARE(readTextQuery("海滩 +日落 -人").size(), std::size_t{3});
        QCOMPARE(readTextQuery("日落！").front().text, std::string("日落！"));
        QCOMPARE(readTextQuery("2019").front().text, std::string("2019"));
        QCOMPARE(readTextQuery("image:/a/b.jpg").front().kind, QueryConcept::Kind::Image);
        QCOMPARE(readTextQuery("café ...").front().text, std::string("café ..."));
        // Syntax errors stay syntax errors.
        QVERIFY_THROWS_EXCEPTION(QuerySyntaxError, readTextQuery("海滩 \"日落"));
    }
};

QTEST_GUILESS_MAIN(TestSearchQuery)
#include "test_search_query.moc"
