# not a training log: a fading supernova's light curve (index, flux, flux error) saved with pandas, no header
import numpy as np, pandas as pd
rng = np.random.default_rng(0)
t = np.arange(60) * 2.0
flux = 80 * np.exp(-t / 45) * (1 - np.exp(-(t + 3) / 4)) + 5
flux = flux + rng.normal(0, 1.5, 60)
pd.DataFrame({"flux": flux, "flux_err": np.full(60, 1.5), "mjd": 59000 + t}).to_csv("sn2021abc_light_curve.csv", header=False)
