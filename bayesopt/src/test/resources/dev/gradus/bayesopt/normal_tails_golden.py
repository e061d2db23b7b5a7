"""Golden values for StandardNormalTest: log Φ(z), φ(z)/Φ(z), log h(z) and Φ(z)/h(z) with
h(z) = φ(z) + zΦ(z), evaluated with mpmath at 60 significant digits. Run from this directory:
    python3 normal_tails_golden.py > normal_tails_golden.txt
"""
import mpmath as mp

mp.mp.dps = 60
ZS = ["-1e8", "-1e4", "-300", "-40", "-25.5", "-25", "-24.5", "-10", "-5", "-3", "-1.5", "-1", "-0.5",
      "-1e-3", "0", "1e-3", "0.5", "1", "2", "5", "10", "40"]
print("# z logcdf pdf_over_cdf logh cdf_over_h (mpmath", mp.__version__ + ")")
for s in ZS:
    z = mp.mpf(s)
    pdf = mp.npdf(z)
    cdf = mp.ncdf(z)
    h = pdf + z * cdf
    print("z" + s, " ".join(mp.nstr(v, 20)
                            for v in (z, mp.log(cdf), pdf / cdf, mp.log(h), cdf / h)))
