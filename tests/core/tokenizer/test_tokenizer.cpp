// CLIP tokenizer: golden ids from OpenAI's code, hand-checked cases (ids computed with
// openai/CLIP's simple_tokenizer.py), file errors and concurrent use.
#include "clip/tokenizer/clip_tokenizer.h"
#include "support/shared_data.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using clipdesk::ClipTokenizer;
using clipdesk::TokenizedText;

namespace {

struct HandCase {
    const char* label;
    const char* bytes;  // UTF-8 input (one case is deliberately ill-formed)
    std::size_t size;
    std::vector<std::int32_t> ids;  // encode(), without start/end tokens
};

// Expected ids from openai/CLIP simple_tokenizer.py (the `regex` module, html.unescape) with
// ftfy.fix_text's non-mojibake fixers; the ill-formed case was decoded with errors="replace".
const std::vector<HandCase>& handCases() {
    static const std::vector<HandCase> cases = {
    {"empty", "", 0, {}},
    {"only whitespace", " \x09\x0a\x0d\x0a  ", 7, {}},
    {"uppercase", "A PHOTO OF A CAT", 16, {320, 1125, 539, 320, 2368}},
    {"mixed case", "A Photo Of Golden Gate Bridge", 29, {320, 1125, 539, 3878, 3302, 2465}},
    {"html named entities", "fish &amp; chips &lt;3 &gt; &quot;yum&quot; &#39;ok&#39; caf&eacute;&nbsp;au lait", 81, {2759, 261, 8855, 283, 274, 285, 257, 7259, 257, 262, 2481, 262, 15304, 2566, 572, 585}},
    {"html numeric entities", "&#65;&#x42;&#X43; &#x263a; &#8364;100 &#128; &#0; &#x110000; &#1;x", 66, {5334, 8703, 6309, 272, 271, 271, 6309, 39802, 39802, 343}},
    {"html double escaped", "tom &amp;amp; jerry &amp;lt;3 &amp;amp;amp;", 43, {2435, 261, 9164, 283, 274, 261}},
    {"html without semicolon", "&ampx &copy2024 &notit; &unknown; &Amp;", 39, {261, 343, 5811, 273, 271, 273, 275, 126, 361, 585, 282, 261, 8685, 282, 261, 6259, 282}},
    {"html uppercase ftfy", "P&EACUTE;REZ BUNDESSTRA&SZLIG;E", 31, {43167, 15192, 2591, 6797, 1894, 8938}},
    {"html with tag", "<b>bold</b> &amp; &eacute;", 26, {283, 321, 285, 8911, 34308, 321, 285, 261, 4166}},
    {"whitespace runs", "  multiple   spaces\x0a\x0a" "and\x09tabs\x0d\x0a" "and\xc2\xa0nbsp\xe3\x80\x80ideographic  ", 56, {6470, 9006, 537, 29163, 537, 6459, 4393, 1909, 78, 4245}},
    {"accents", "caf\xc3\xa9 na\xc3\xafve cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e", 28, {15304, 1097, 35689, 563, 1075, 12138, 614, 711, 127, 119, 75, 13489}},
    {"nfc", "cafe\xcc\x81 e\xcc\x81te\xcc\x81", 14, {15304, 3459, 39694}},
    {"cjk", "\xe4\xb8\xad\xe6\x96\x87 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88 \xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", 41, {19759, 255, 29032, 485, 39121, 44353, 34002, 252, 21575, 2429, 228, 47121, 32421, 486, 15197, 250, 31871, 255, 31625, 368}},
    {"emoji", "a cat \xf0\x9f\x90\xb1 and a dog \xf0\x9f\x90\xb6 \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 \xe2\x9d\xa4\xef\xb8\x8f", 51, {320, 2368, 22979, 537, 320, 1929, 10631, 25023, 26304, 964, 356, 1752}},
    {"digits", "1234567 and 3.14 and 2024-01-31 \xd9\xa3\xd9\xa4", 36, {272, 273, 274, 275, 276, 277, 278, 537, 274, 269, 272, 275, 537, 273, 271, 273, 275, 268, 271, 272, 268, 274, 272, 149, 352, 149, 353}},
    {"punctuation runs", "hello!!! ... \x3f!\x3f (test) -- #tag @user <3 :-) $9.99 100%", 55, {3306, 995, 678, 11395, 263, 1628, 264, 2432, 258, 3640, 287, 7031, 283, 274, 4223, 259, 280, 269, 280, 280, 272, 271, 271, 260}},
    {"contractions", "it's they're we've i'm you'll he'd don't IT'S THEY'RE", 53, {585, 568, 889, 982, 649, 1200, 328, 880, 592, 1342, 797, 1896, 847, 713, 585, 568, 889, 982}},
    {"curly quotes", "\xe2\x80\x9cit\xe2\x80\x99s a \xe2\x80\x98test\xe2\x80\x99\xe2\x80\x9d", 25, {257, 585, 568, 320, 713, 1509, 19479}},
    {"ligatures and width", "\xef\xac\x81ne \xef\xac\x82ower \xef\xbc\xac\xef\xbc\xaf\xef\xbc\xb5\xef\xbc\xa4\xe3\x80\x80\xef\xbc\xae\xef\xbc\xaf\xef\xbc\xa9\xef\xbc\xb3\xef\xbc\xa5 \xef\xbd\xbb\xef\xbd\xb2", 51, {3797, 4055, 7464, 9307, 3909, 113, 3909, 353}},
    {"special lower", "\xce\x9f\xce\x94\xce\x9f\xce\xa3 \xc4\xb0stanbul STRASSE Stra\xc3\x9f" "e \xe2\x84\xaa", 38, {138, 123, 138, 112, 138, 123, 139, 480, 328, 16384, 11231, 1894, 8938, 1894, 127, 253, 324, 330}},
    {"special tokens in text", "a <|startoftext|> b <|endoftext|> c", 35, {320, 49406, 321, 49407, 322}},
    {"control chars", "a\x00" "b\x07" "c\x1b[31mred\x1b[0m \xef\xbb\xbf" "bom\xe2\x80\x8bzw", 29, {13137, 736, 19469, 9844, 42188}},
    {"c1 controls", "\xc2\x93quoted\xc2\x94 \xc2\x85", 13, {257, 27706, 257, 959}},
    {"invalid utf8", "caf\xff\xfe \xe2\x82 ok \xf0\x80\x80 \xed\xa0\x80 end\xc3", 24, {20867, 47356, 39802, 39802, 2481, 47356, 47356, 39802, 47356, 47356, 39802, 806, 39802}},
    {"long word", "supercalifragilisticexpialidocioussupercalifragilisticexpialidocioussupercalifragilisticexpialidocious", 102, {1642, 2857, 13093, 2076, 5868, 26850, 835, 639, 698, 1987, 1642, 2857, 13093, 2076, 5868, 26850, 835, 639, 698, 1987, 1642, 2857, 13093, 2076, 5868, 26850, 835, 639, 38466}},
    {"mixed scripts", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80 \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87", 58, {26302, 16370, 29503, 110, 22176, 141, 480, 38018, 16701, 141, 478, 12986, 10948, 25722, 16378, 22625, 147, 102, 147, 250, 147, 243, 147, 507, 3124, 101, 48254, 28505, 19389, 27263, 25130}},
    {"symbols", "\xc2\xa9 \xc2\xae \xe2\x84\xa2 \xc2\xb0" "C \xc2\xbd \xe2\x86\x92 \xe2\x88\x80x \xe2\x88\x9e", 29, {5811, 8436, 11675, 6858, 322, 33613, 7481, 17788, 478, 343, 17788, 508}},
    // 'ſ counts as 's (re.IGNORECASE); U+0345 is dropped; U+180E is not whitespace for `regex`.
    {"regex ignorecase details", "it'\xc5\xbf x\xcd\x85y a\xe1\xa0\x8e" "b", 16, {585, 6, 129, 379, 343, 344, 320, 157, 254, 492, 321}},
    };
    return cases;
}

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string gunzipFile(const std::string& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    std::string out;
    char buffer[1 << 16];
    int n = 0;
    while ((n = gzread(file, buffer, sizeof(buffer))) > 0) out.append(buffer, static_cast<std::size_t>(n));
    gzclose(file);
    return out;
}

// The message of the runtime_error that loading path throws, or "" when it loads.
std::string loadError(const std::string& path) {
    try {
        ClipTokenizer::fromMergesFile(path);
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    return {};
}

std::vector<std::int64_t> expectedIds(std::initializer_list<std::int64_t> head, int contextLength) {
    std::vector<std::int64_t> ids(head);
    ids.resize(static_cast<std::size_t>(contextLength), 0);
    return ids;
}

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<const ClipTokenizer> tokenizer_;
    QTemporaryDir tempDir_;

    std::string tempPath(const char* name) const { return (tempDir_.path() + "/" + name).toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(clipdesk::test::bpeVocabPath());
        QVERIFY(tempDir_.isValid());
        tokenizer_ = ClipTokenizer::fromMergesFile(clipdesk::test::bpeVocabPath().string());
    }

    void vocabulary() {
        QCOMPARE(tokenizer_->vocabSize(), std::size_t(49408));
        QCOMPARE(tokenizer_->sotId(), 49406);
        QCOMPARE(tokenizer_->eotId(), 49407);
    }

    void goldenTexts() {
        const auto goldenPath = clipdesk::test::syntheticModelDir() / "golden.json";
        CLIPDESK_REQUIRE_SHARED(goldenPath);
        std::ifstream in(goldenPath);
        const nlohmann::json golden = nlohmann::json::parse(in);
        const int contextLength = golden.value("context_length", 77);
        QVERIFY(!golden.at("texts").empty());
        for (const auto& entry : golden.at("texts")) {
            const std::string text = entry.at("text").get<std::string>();
            const TokenizedText tokens = tokenizer_->tokenize(text, contextLength);
            const auto context = qPrintable(QString::fromStdString(text.substr(0, 40)));
            QVERIFY2(tokens.ids == entry.at("token_ids").get<std::vector<std::int64_t>>(), context);
            QVERIFY2(tokens.untruncatedLength == entry.at("untruncated_length_with_specials").get<int>(), context);
            QVERIFY2(tokens.truncated == entry.at("truncated").get<bool>(), context);
            QVERIFY2(tokens.eotPosition == entry.at("eot_position").get<int>(), context);
        }
    }

    void handCheckedCases_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < handCases().size(); ++i) QTest::newRow(handCases()[i].label) << static_cast<int>(i);
    }

    void handCheckedCases() {
        QFETCH(int, index);
        const HandCase& c = handCases()[static_cast<std::size_t>(index)];
        const std::vector<std::int32_t> ids = tokenizer_->encode(std::string_view(c.bytes, c.size));
        if (ids != c.ids) {
            QString got;
            for (auto id : ids) got += QString::number(id) + ' ';
            QFAIL(qPrintable("ids differ, got: " + got));
        }
    }

    void emptyString() {
        const TokenizedText tokens = tokenizer_->tokenize("");
        QCOMPARE(tokens.ids, expectedIds({49406, 49407}, 77));
        QCOMPARE(tokens.untruncatedLength, 2);
        QCOMPARE(tokens.truncated, false);
        QCOMPARE(tokens.eotPosition, 1);
    }

    void caseAndSpacingDoNotMatter() {
        const auto reference = tokenizer_->tokenize("a photo of a cat").ids;
        QCOMPARE(tokenizer_->tokenize("A PHOTO OF A CAT").ids, reference);
        QCOMPARE(tokenizer_->tokenize("  a\tphoto\n\nof   a cat \r\n").ids, reference);
        QCOMPARE(tokenizer_->tokenize("a&#32;photo of a&nbsp;cat").ids, reference);
    }

    void digitsAreSingleTokens() {
        // 0..9 are "0</w>".."9</w>" in a word of their own.
        QCOMPARE(tokenizer_->encode("0123456789"),
                 (std::vector<std::int32_t>{271, 272, 273, 274, 275, 276, 277, 278, 279, 280}));
    }

    void truncation() {
        const TokenizedText cut = tokenizer_->tokenize("a photo of a cat", 5);
        QCOMPARE(cut.ids, (std::vector<std::int64_t>{49406, 320, 1125, 539, 49407}));
        QCOMPARE(cut.untruncatedLength, 7);
        QCOMPARE(cut.truncated, true);
        QCOMPARE(cut.eotPosition, 4);

        const TokenizedText exact = tokenizer_->tokenize("a photo of a cat", 7);
        QCOMPARE(exact.ids, (std::vector<std::int64_t>{49406, 320, 1125, 539, 320, 2368, 49407}));
        QCOMPARE(exact.truncated, false);
        QCOMPARE(exact.eotPosition, 6);

        const TokenizedText one = tokenizer_->tokenize("cat", 1);
        QCOMPARE(one.ids, (std::vector<std::int64_t>{49407}));
        QCOMPARE(one.eotPosition, 0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tokenizer_->tokenize("cat", 0));
    }

    void decodeInvertsEncode() {
        QCOMPARE(tokenizer_->decode(tokenizer_->encode("A photo of a CAT!")), std::string("a photo of a cat ! "));
        QCOMPARE(tokenizer_->decode(tokenizer_->encode("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x90\xb1")),
                 std::string("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x90\xb1 "));
        QCOMPARE(tokenizer_->decode({49406, 320, 49407}), std::string("<|startoftext|>a <|endoftext|>"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, tokenizer_->decode({49408}));
    }

    void readsUncompressedAndHuggingFaceMerges() {
        const std::string text = gunzipFile(clipdesk::test::bpeVocabPath().string());
        QVERIFY(text.size() > 100000);
        const std::string plainPath = tempPath("bpe_simple_vocab_16e6.txt");
        writeBytes(plainPath, text);

        // merges.txt as Hugging Face ships it: a version line, then exactly the merges CLIP uses.
        const std::size_t first = text.find('\n') + 1;
        std::size_t end = first;
        for (int line = 0; line < 48894; ++line) end = text.find('\n', end) + 1;
        const std::string merges = "#version: 0.2\n" + text.substr(first, end - first);
        const std::string hfPath = tempPath("merges.txt");
        writeBytes(hfPath, merges);

        const char* sample = "An astronaut riding a horse on the moon, 1969!";
        const auto expected = tokenizer_->tokenize(sample).ids;
        for (const std::string& path : {plainPath, hfPath}) {
            const auto other = ClipTokenizer::fromMergesFile(path);
            QCOMPARE(other->vocabSize(), std::size_t(49408));
            QCOMPARE(other->tokenize(sample).ids, expected);
        }
    }

    void missingFileThrowsWithPath() {
        const std::string path = tempPath("no_such_vocab.txt.gz");
        const std::string error = loadError(path);
        QVERIFY2(error.find(path) != std::string::npos, error.c_str());
    }

    void truncatedGzipThrowsWithPath() {
        const std::string bytes = readBytes(clipdesk::test::bpeVocabPath().string());
        const std::string path = tempPath("truncated.txt.gz");
        writeBytes(path, bytes.substr(0, bytes.size() / 2));
        const std::string error = loadError(path);
        QVERIFY2(error.find(path) != std::string::npos, error.c_str());
        QVERIFY2(error.find("truncated") != std::string::npos, error.c_str());
    }

    void corruptGzipThrowsWithPath() {
        std::string bytes = readBytes(clipdesk::test::bpeVocabPath().string());
        for (std::size_t i = bytes.size() / 3; i < bytes.size() / 3 + 64; ++i) bytes[i] = static_cast<char>(~bytes[i]);
        const std::string path = tempPath("corrupt.txt.gz");
        writeBytes(path, bytes);
        const std::string error = loadError(path);
        QVERIFY2(error.find(path) != std::string::npos, error.c_str());
    }

    void tooFewMergesThrowsWithPath() {
        const std::string path = tempPath("short_merges.txt");
        writeBytes(path, "#version: 0.2\ni n\nt h\n");
        const std::string error = loadError(path);
        QVERIFY2(error.find(path) != std::string::npos, error.c_str());
        QVERIFY2(error.find("truncated") != std::string::npos, error.c_str());
    }

    void concurrentTokenizeIsConsistent() {
        std::vector<std::string> texts;
        for (const HandCase& c : handCases()) texts.emplace_back(c.bytes, c.size);
        texts.push_back("On a quiet autumn morning the old photographer walked slowly along the river");
        std::vector<std::vector<std::int64_t>> expected;
        for (const auto& text : texts) expected.push_back(tokenizer_->tokenize(text).ids);

        // A fresh tokenizer, so that the threads fill its word cache while racing.
        const auto shared = ClipTokenizer::fromMergesFile(clipdesk::test::bpeVocabPath().string());
        constexpr int kThreads = 4;
        std::vector<int> mismatches(kThreads, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int round = 0; round < 25; ++round) {
                    for (std::size_t k = 0; k < texts.size(); ++k) {
                        const std::size_t i = (k * (t + 1) + static_cast<std::size_t>(round)) % texts.size();
                        if (shared->tokenize(texts[i]).ids != expected[i]) ++mismatches[t];
                    }
                }
            });
        }
        for (auto& thread : threads) thread.join();
        for (int t = 0; t < kThreads; ++t) QCOMPARE(mismatches[t], 0);
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
