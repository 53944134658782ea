// The real Fashion-MNIST files (Debian's dataset-fashion-mnist, or the folder printed by
// tests/data/fetch_fashion_mnist.sh given as $CLIPDESK_FASHION_MNIST_DIR). Skipped when absent.

#include "training/data/fashion_mnist.h"

#include <QtTest/QtTest>

#include <cstdlib>
#include <string>
#include <vector>

using namespace clipdesk;

class TestFashionMnistReal : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        const char* env = std::getenv("CLIPDESK_FASHION_MNIST_DIR");
        root_ = env && *env ? env : "/usr/share/datasets/fashion-mnist";
        if (!looksLikeFashionMnist(root_))
            QSKIP(qPrintable(QStringLiteral("Fashion-MNIST not found in %1 (install the Debian package "
                                            "dataset-fashion-mnist, or run tests/data/fetch_fashion_mnist.sh DEST "
                                            "and set CLIPDESK_FASHION_MNIST_DIR to the folder it prints)")
                                 .arg(QString::fromStdString(root_))));
    }

    void trainingSet() {
        const auto train = openFashionMnist(root_, PairsOptions{});
        QCOMPARE(train->size(), std::size_t{60000});
        std::vector<int> counts(10, 0);
        for (std::size_t i = 0; i < train->size(); ++i) ++counts[static_cast<std::size_t>(train->label(i))];
        QCOMPARE(counts, std::vector<int>(10, 6000));
        const RgbImage first = train->image(0);
        QCOMPARE(first.width, 28);
        QCOMPARE(first.height, 28);
        QCOMPARE(train->label(0), 9);  // the first training item is an ankle boot
    }

    void testSet() {
        PairsOptions options;
        options.split = "test";
        const auto test = openFashionMnist(root_, options);
        QCOMPARE(test->size(), std::size_t{10000});
        std::vector<int> counts(10, 0);
        for (std::size_t i = 0; i < test->size(); ++i) ++counts[static_cast<std::size_t>(test->label(i))];
        QCOMPARE(counts, std::vector<int>(10, 1000));
    }

private:
    std::string root_;
};

QTEST_GUILESS_MAIN(TestFashionMnistReal)
#include "test_fashion_mnist_real.moc"
