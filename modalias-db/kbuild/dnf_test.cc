#include "modalias-db/kbuild/dnf.h"

#include <doctest/doctest.h>

using hw::kbuild::Dnf;
using hw::kbuild::kStateM;
using hw::kbuild::kStateN;
using hw::kbuild::kStateY;

TEST_CASE("kbuild::Dnf: tristate literals combine exactly") {
    const Dnf xy = Dnf::literal("X", kStateY);
    const Dnf xm = Dnf::literal("X", kStateM);
    SUBCASE("X=y || X=m is X") {
        CHECK((xy || xm).key() == "X=ym");
        CHECK((xy || xm).to_cond().to_string() == "X");
    }
    SUBCASE("X=y && X=m is false") {
        CHECK((xy && xm).is_false());
    }
    SUBCASE("all three states are true") {
        CHECK((xy || xm || Dnf::literal("X", kStateN)).is_true());
    }
    SUBCASE("negation") {
        CHECK((!xy).to_cond().to_string() == "!X=y");
        CHECK((!(xy || xm)).to_cond().to_string() == "!X");
        CHECK((!Dnf::literal("X", kStateN)).to_cond().to_string() == "X");
    }
    SUBCASE("absorption keeps the wider term") {
        Dnf a = Dnf::literal("A", kStateY | kStateM);
        CHECK((a || (a && Dnf::literal("B", kStateY))).to_cond().to_string() == "A");
    }
    SUBCASE("first symbol") {
        CHECK((Dnf::literal("B", kStateY) && Dnf::literal("A", kStateM)).first_symbol() == "A");
        CHECK(Dnf::truth().first_symbol().empty());
    }
}

TEST_CASE("kbuild::Dnf: minimized to prime implicants") {
    // obj-$(CONFIG_A)$(CONFIG_B): names obj-y/obj-m unless both are n. The pieces come out
    // as A=y || (A!=y && B=y) || ...; together they are A || B.
    const Dnf ay = Dnf::literal("A", kStateY);
    const Dnf am = Dnf::literal("A", kStateM);
    const Dnf an = Dnf::literal("A", kStateN);
    const Dnf by = Dnf::literal("B", kStateY);
    const Dnf bm = Dnf::literal("B", kStateM);
    Dnf f = ay || (am && by) || (an && by) || (am && bm) || (am && Dnf::literal("B", kStateN)) || (an && bm);
    CHECK(f.to_cond().to_string() == "A || B");
    SUBCASE("common literals are factored out") {
        Dnf x = Dnf::literal("X", kStateY | kStateM);
        Dnf g = (Dnf::literal("U", kStateY | kStateM) && x) || (Dnf::literal("G", kStateY | kStateM) && x);
        CHECK(g.to_cond().to_string() == "X && (G || U)");
    }
}
