#include "modalias-db/kbuild/make_eval.h"

#include <doctest/doctest.h>

#include <string>

using hw::kbuild::MakeEvaluator;
using hw::kbuild::Word;

namespace {

// "a.o[X=y] b.o[1]": each word with its condition in hw::Cond text form.
std::string render(const std::vector<Word>& words) {
    std::string out;
    for (const Word& w : words) {
        if (!out.empty()) {
            out += ' ';
        }
        out += w.text + "[" + w.cond.to_cond().to_string() + "]";
    }
    return out;
}

std::string render(const hw::Diagnostics& diags) {
    std::string out;
    for (const hw::Diagnostic& d : diags) {
        out += d.format() + "\n";
    }
    return out;
}

struct Eval {
    hw::SourceTree tree{HW_TEST_DATA "/kbuild/make"};
    hw::kbuild::MakeContext ctx = hw::kbuild::make_context("x86", 64);
    hw::Diagnostics diags;
    MakeEvaluator ev{tree, "drivers/foo", ctx, diags};

    std::string operator()(std::string_view var) { return render(ev.words(var)); }
};

}  // namespace

TEST_CASE("kbuild::make: assignments") {
    Eval e;
    e.ev.eval_text(
        "obj-y := a.o\n"
        "obj-y += b.o \\\n"
        "         c.o  # comment\n"
        "obj-y += $(late)\n"
        "late = late.o\n"
        "obj-m = d.o\n"
        "obj-m += $(f)\n"
        "f := ff.o\n"
        "FOO ?= first\n"
        "FOO ?= second\n"
        "export BAR := bar\n"
        "override BAZ = baz\n"
        "empty_now :=\n",
        "t.mk");
    SUBCASE(":= is expanded at once (obj-y starts simple, as Makefile.build sets it)") {
        CHECK(e("obj-y") == "a.o[1] b.o[1] c.o[1]");
    }
    SUBCASE("= is expanded when used") {
        CHECK(e("obj-m") == "d.o[1] ff.o[1]");
    }
    SUBCASE("?=, export, override") {
        CHECK(e("FOO") == "first[1]");
        CHECK(e("BAR") == "bar[1]");
        CHECK(e("BAZ") == "baz[1]");
        CHECK(e.ev.is_defined("empty_now"));
        CHECK_FALSE(e.ev.has_words("empty_now"));
    }
    CHECK(e.diags.empty());
}

TEST_CASE("kbuild::make: tristate names") {
    Eval e;
    e.ev.eval_text(
        "obj-$(CONFIG_X) += x.o\n"
        "obj-$(subst m,y,$(CONFIG_S)) += s.o\n"
        "obj-$(CONFIG_T:m=y) += t.o\n"
        "obj-${CONFIG_U} += u.o\n"
        "obj-$(CONFIG_A)$(CONFIG_B) += ab.o\n"
        "foo-$(CONFIG_Z) += z.o\n",
        "t.mk");
    SUBCASE("obj-$(CONFIG_X)") {
        CHECK(e("obj-y") == "x.o[X=y] s.o[S] t.o[T] u.o[U=y] ab.o[A=y || B=y]");
        CHECK(e("obj-m") == "x.o[X=m] u.o[U=m] ab.o[(A=m && !B=y) || (!A=y && B=m)]");
    }
    SUBCASE("composite parts") {
        CHECK(e("foo-y") == "z.o[Z=y]");
        CHECK(e("foo-m") == "z.o[Z=m]");
        CHECK(e("foo-") == "z.o[!Z]");
    }
    SUBCASE("the line's own symbol") {
        CHECK(e.ev.words("obj-y")[4].hint == "A");
        CHECK(e.ev.words("obj-y")[1].hint == "S");
    }
}

TEST_CASE("kbuild::make: conditionals") {
    Eval e;
    e.ev.eval_text(
        "ifeq ($(CONFIG_P),y)\n"
        "obj-y += p.o\n"
        "else ifeq ($(CONFIG_P),m)\n"
        "obj-m += pm.o\n"
        "else\n"
        "obj-y += pn.o\n"
        "endif\n"
        "ifdef CONFIG_Q\n"
        "obj-y += q.o\n"
        "endif\n"
        "ifndef CONFIG_Q\n"
        "obj-y += nq.o\n"
        "endif\n"
        "ifneq ($(CONFIG_R),)\n"
        "  ifeq \"$(CONFIG_R2)\" 'y'\n"
        "obj-y += r.o\n"
        "  endif\n"
        "endif\n"
        "ifeq ($(SRCARCH),x86)\n"
        "obj-y += x86.o\n"
        "else\n"
        "obj-y += other.o\n"
        "endif\n"
        "ifeq ($(CONFIG_64BIT), y)\n"
        "obj-y += b64.o\n"
        "endif\n"
        "ifeq ($(UNKNOWN_THING),1)\n"
        "obj-y += u1.o\n"
        "else\n"
        "obj-y += u2.o\n"
        "endif\n"
        "ifeq ($(CONFIG_V),y)\n"
        "objs := v.o\n"
        "else\n"
        "objs := nv.o\n"
        "endif\n",
        "t.mk");
    CHECK(e("obj-y") ==
          "p.o[P=y] pn.o[!P] q.o[Q] nq.o[!Q] r.o[R && R2=y] x86.o[1] b64.o[1] u1.o[1] u2.o[1]");
    CHECK(e("obj-m") == "pm.o[P=m]");
    CHECK(e("objs") == "nv.o[!V=y] v.o[V=y]");
    CHECK(render(e.diags) == "t.mk:27:6: warning: condition depends on unknown values; taking both branches\n");
}

TEST_CASE("kbuild::make: functions") {
    Eval e;
    e.ev.eval_text(
        "objs := $(addprefix sub/, a.o b.o)\n"
        "objs2 := $(addsuffix .o, c d)\n"
        "objs3 := $(patsubst %.c,%.o,e.c f.c g.h)\n"
        "objs4 := $(filter %.o, h.o i.c j.o)\n"
        "objs5 := $(filter-out h.o, h.o k.o)\n"
        "objs6 := $(if $(CONFIG_I),yes.o,no.o)\n"
        "objs7 := $(strip   l.o    m.o  )\n"
        "objs8 := $(foreach n,p q,$(n)-x.o)\n"
        "objs9 := $(sort z.o a.o z.o)\n"
        "objs10 := $(notdir dir/n.o) $(basename o.c dir/p.c)\n"
        "objs11 := $(wildcard $(srctree)/w/*.c)\n"
        "mkobj = $(1)-$(2).o\n"
        "objs12 := $(call mkobj,r,s)\n"
        "objs13 := $(findstring y,$(CONFIG_F))\n"
        "objs14 := ${src}/t.o $(obj)/u.o $(srctree)/v.o $(BITS) $(ARCH) $(SRCARCH)\n"
        "objs15 := $(subst .c,.o,a.c b.c)\n"
        "objs16 := $(objs:.o=.c)\n"
        "objs17 := $(foreach o,$(objs6),$(o:.o=.s))\n"
        "objs18 := $(or $(CONFIG_G),none)\n"
        "objs19 := $(dir a/b.c c.c) $(suffix a/b.c c)\n"
        "objs20 := $(firstword f1 f2) $(lastword l1 l2) $(word 2,w1 w2 w3) $(words a b c)\n",
        "t.mk");
    CHECK(e("objs") == "sub/a.o[1] sub/b.o[1]");
    CHECK(e("objs2") == "c.o[1] d.o[1]");
    CHECK(e("objs3") == "e.o[1] f.o[1] g.h[1]");
    CHECK(e("objs4") == "h.o[1] j.o[1]");
    CHECK(e("objs5") == "k.o[1]");
    CHECK(e("objs6") == "yes.o[I] no.o[!I]");
    CHECK(e("objs7") == "l.o[1] m.o[1]");
    CHECK(e("objs8") == "p-x.o[1] q-x.o[1]");
    CHECK(e("objs9") == "a.o[1] z.o[1]");
    CHECK(e("objs10") == "n.o[1] o[1] dir/p[1]");
    CHECK(e("objs11") == "./w/a.c[1] ./w/b.c[1]");
    CHECK(e("objs12") == "r-s.o[1]");
    CHECK(e("objs13") == "y[F=y]");
    CHECK(e("objs14") == "drivers/foo/t.o[1] drivers/foo/u.o[1] ./v.o[1] 64[1] x86_64[1] x86[1]");
    CHECK(e("objs15") == "a.o[1] b.o[1]");
    CHECK(e("objs16") == "sub/a.c[1] sub/b.c[1]");
    CHECK(e("objs17") == "yes.s[I] no.s[!I]");
    CHECK(e("objs18") == "y[G=y] m[G=m] none[!G]");
    CHECK(e("objs19") == "a/[1] ./[1] .c[1]");
    CHECK(e("objs20") == "f1[1] l2[1] w2[1] 3[1]");
    CHECK(e.diags.empty());
}

TEST_CASE("kbuild::make: include, define, eval, rules") {
    Eval e;
    e.ev.eval_text(
        "include $(srctree)/inc/common.mk\n"
        "-include $(srctree)/inc/missing.mk\n"
        "include $(srctree)/inc/missing.mk\n"
        "define add_obj\n"
        "obj-y += $(1).o\n"
        "endef\n"
        "$(eval $(call add_obj,ev))\n"
        "$(obj)/gen.h: $(src)/gen.sh\n"
        "\tobj-y += bogus.o\n"
        "obj-y += real.o\n"
        "target.o: CFLAGS += -DX\n"
        "\n"
        "\tobj-y += recipe-too.o\n",
        "t.mk");
    CHECK(e("obj-y") == "inc.o[INC=y] ev.o[1] real.o[1]");
    CHECK(e("obj-m") == "inc.o[INC=m]");
    CHECK(e.ev.files_read() == 1);
    CHECK(render(e.diags) == "t.mk:3:9: warning: cannot include './inc/missing.mk': no such file\n");
}

TEST_CASE("kbuild::make: malformed lines are reported and reading goes on") {
    Eval e;
    e.ev.eval_text(
        "obj-y += ok.o\n"
        "garbage here\n"
        "x := $(unterminated\n"
        "ifeq ($(CONFIG_Z),y)\n"
        "endif\n"
        "endif\n"
        "obj-y += after.o\n"
        "ifdef CONFIG_W\n",
        "t.mk");
    CHECK(e("obj-y") == "ok.o[1] after.o[1]");
    CHECK(render(e.diags) ==
          "t.mk:2:1: error: missing separator\n"
          "t.mk:3:6: error: unterminated variable reference\n"
          "t.mk:6:1: error: extraneous 'endif'\n"
          "t.mk:8:1: error: missing 'endif'\n");
}

TEST_CASE("kbuild::make: normalize_tristate_name") {
    CHECK(hw::kbuild::normalize_tristate_name("obj-yy") == "obj-y");
    CHECK(hw::kbuild::normalize_tristate_name("obj-my") == "obj-y");
    CHECK(hw::kbuild::normalize_tristate_name("obj-mm") == "obj-m");
    CHECK(hw::kbuild::normalize_tristate_name("obj-y") == "obj-y");
    CHECK(hw::kbuild::normalize_tristate_name("foo-my-objs") == "foo-my-objs");
}
