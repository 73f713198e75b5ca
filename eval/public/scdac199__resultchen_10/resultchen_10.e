Task: chen_10
Experiment: e0
Model: default

Input feature numbers:  {'rna': 4000}
dims_h: {'rna': 4000}
Total mini-batch size: 512, GPU number: 1, GPU mini-batch size: 512
Parameter number: 2.128 M
Subset: 0, modalities ['rna']: train size: 8204
recon: 5423.569
recon: 5300.043
recon: 5424.841
recon: 5287.730
recon: 5377.448
recon: 5235.453
recon: 5102.072
recon: 5046.961
recon: 4992.515
recon: 5015.406
recon: 4942.193
recon: 4980.293
recon: 4895.291
recon: 4902.572
recon: 4799.257
recon: 4701.467
recon: 4825.651
Epoch: 1/500, train loss: 5073.692

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9333003450036637
nmi: 0.863422883590202
sc: 0.2930116
recon: 4780.216
recon: 4595.493
recon: 4678.034
recon: 4526.775
recon: 4702.279
recon: 4549.438
recon: 4548.857
recon: 4348.938
recon: 4325.108
recon: 4440.330
recon: 4325.507
recon: 4298.761
recon: 4112.925
recon: 4236.284
recon: 4093.072
recon: 4149.104
recon: 4077.823
Epoch: 2/500, train loss: 4399.350

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9491567091642489
nmi: 0.8950752234718897
sc: 0.34717825
recon: 4009.631
recon: 4034.426
recon: 4215.744
recon: 3849.456
recon: 3896.527
recon: 3993.089
recon: 3983.252
recon: 3808.791
recon: 3713.273
recon: 3701.869
recon: 3723.738
recon: 3624.716
recon: 3674.646
recon: 3553.325
recon: 3752.413
recon: 3567.708
recon: 3617.776
Epoch: 3/500, train loss: 3807.081

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9511057427176418
nmi: 0.899852709564391
sc: 0.39058688
recon: 3516.719
recon: 3446.405
recon: 3415.282
recon: 3468.533
recon: 3368.543
recon: 3322.160
recon: 3378.697
recon: 3364.166
recon: 3435.735
recon: 3287.186
recon: 3234.231
recon: 3210.083
recon: 3139.331
recon: 3242.723
recon: 3153.736
recon: 3094.613
recon: 3123.662
Epoch: 4/500, train loss: 3305.989

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.949701791828091
nmi: 0.9002950110756237
sc: 0.4258503
recon: 3067.071
recon: 3170.238
recon: 3037.790
recon: 3002.396
recon: 2969.079
recon: 2979.750
recon: 2889.410
recon: 2989.026
recon: 2897.296
recon: 2963.479
recon: 2878.691
recon: 2937.304
recon: 2906.986
recon: 2784.184
recon: 2706.202
recon: 2735.080
recon: 2720.769
Epoch: 5/500, train loss: 2919.691

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9510159997788393
nmi: 0.9026346627513713
sc: 0.45540133
recon: 2825.712
recon: 2729.019
recon: 2680.776
recon: 2694.922
recon: 2634.510
recon: 2643.216
recon: 2632.186
recon: 2621.131
recon: 2703.752
recon: 2621.474
recon: 2772.427
recon: 2569.334
recon: 2561.625
recon: 2518.423
recon: 2474.451
recon: 2571.259
recon: 2471.250
Epoch: 6/500, train loss: 2630.910

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9530891465298547
nmi: 0.9011451695458671
sc: 0.47970924
recon: 2508.779
recon: 2396.210
recon: 2505.420
recon: 2325.866
recon: 2455.836
recon: 2475.980
recon: 2457.123
recon: 2453.874
recon: 2531.693
recon: 2337.183
recon: 2243.356
recon: 2378.768
recon: 2386.550
recon: 2478.520
recon: 2322.770
recon: 2432.976
recon: 2245.726
Epoch: 7/500, train loss: 2408.037

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9342841306957291
nmi: 0.863139435305499
sc: 0.49110568
recon: 2337.062
recon: 2378.136
recon: 2313.296
recon: 2249.497
recon: 2339.513
recon: 2244.719
recon: 2249.391
recon: 2194.349
recon: 2219.311
recon: 2160.724
recon: 2179.350
recon: 2213.977
recon: 2275.078
recon: 2230.099
recon: 2196.406
recon: 2114.351
recon: 2161.917
Epoch: 8/500, train loss: 2238.657

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9316350337632716
nmi: 0.8578318138822079
sc: 0.4792781
recon: 2116.994
recon: 2105.956
recon: 2081.268
recon: 2116.187
recon: 2178.758
recon: 2219.689
recon: 2106.852
recon: 2125.860
recon: 2100.102
recon: 2080.534
recon: 2096.994
recon: 2080.822
recon: 1947.487
recon: 2133.924
recon: 1960.245
recon: 2119.453
recon: 2134.698
Epoch: 9/500, train loss: 2100.342

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.927367669674436
nmi: 0.8533555149500064
sc: 0.49684194
recon: 2057.292
recon: 2006.979
recon: 2090.786
recon: 2009.573
recon: 1998.166
recon: 1878.402
recon: 2056.998
recon: 1906.635
recon: 1964.489
recon: 1937.696
recon: 1935.095
recon: 1961.024
recon: 1921.182
recon: 2016.374
recon: 1969.656
recon: 1972.716
recon: 1983.466
Epoch: 10/500, train loss: 1980.384

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.9156483920080637
nmi: 0.8459871195302101
sc: 0.49315563
recon: 1913.797
recon: 1951.163
recon: 1889.193
recon: 1909.324
recon: 1969.245
recon: 1891.239
recon: 1898.268
recon: 1871.289
recon: 1798.566
recon: 1920.320
recon: 1882.129
recon: 1751.303
recon: 1854.093
recon: 1856.647
recon: 1851.557
recon: 1885.376
recon: 1789.399
Epoch: 11/500, train loss: 1875.465

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6528473624231221
nmi: 0.7911750237123912
sc: 0.39511725
recon: 1769.569
recon: 1743.731
recon: 1824.345
recon: 1784.667
recon: 1833.429
recon: 1866.152
recon: 1909.104
recon: 1742.056
recon: 1796.872
recon: 1814.331
recon: 1763.667
recon: 1733.237
recon: 1777.019
recon: 1756.982
recon: 1756.581
recon: 1865.252
recon: 1763.053
Epoch: 12/500, train loss: 1794.120

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6451838589283879
nmi: 0.7891020968291543
sc: 0.4145004
recon: 1766.008
recon: 1756.072
recon: 1738.007
recon: 1703.542
recon: 1709.025
recon: 1668.342
recon: 1870.924
recon: 1764.560
recon: 1764.273
recon: 1693.816
recon: 1690.087
recon: 1628.865
recon: 1696.666
recon: 1595.632
recon: 1749.671
recon: 1748.001
recon: 1740.362
Epoch: 13/500, train loss: 1722.580

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5837137447331262
nmi: 0.7721105984357831
sc: 0.40407214
recon: 1697.721
recon: 1746.759
recon: 1716.156
recon: 1689.821
recon: 1634.289
recon: 1715.890
recon: 1734.878
recon: 1668.856
recon: 1658.072
recon: 1662.301
recon: 1623.899
recon: 1607.364
recon: 1697.625
recon: 1567.888
recon: 1562.662
recon: 1578.847
recon: 1599.396
Epoch: 14/500, train loss: 1656.613

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5654605343945989
nmi: 0.7708006518718653
sc: 0.41264394
recon: 1611.533
recon: 1674.290
recon: 1607.517
recon: 1643.230
recon: 1609.622
recon: 1567.237
recon: 1556.110
recon: 1679.585
recon: 1619.006
recon: 1573.455
recon: 1524.598
recon: 1637.459
recon: 1619.031
recon: 1550.591
recon: 1617.840
recon: 1574.101
recon: 1554.319
Epoch: 15/500, train loss: 1601.148

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5467311553167391
nmi: 0.7676902016083604
sc: 0.39920053
recon: 1557.251
recon: 1557.441
recon: 1684.564
recon: 1539.638
recon: 1530.803
recon: 1575.021
recon: 1489.044
recon: 1557.616
recon: 1547.629
recon: 1510.044
recon: 1595.188
recon: 1490.032
recon: 1467.582
recon: 1607.688
recon: 1622.938
recon: 1536.833
recon: 1454.731
Epoch: 16/500, train loss: 1548.473

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5436615114005703
nmi: 0.7697740051834643
sc: 0.39906678
recon: 1491.317
recon: 1537.358
recon: 1576.478
recon: 1576.678
recon: 1523.307
recon: 1532.828
recon: 1545.323
recon: 1525.385
recon: 1459.898
recon: 1489.796
recon: 1510.825
recon: 1516.497
recon: 1490.232
recon: 1447.153
recon: 1506.697
recon: 1439.930
recon: 1528.141
Epoch: 17/500, train loss: 1511.638

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5478850675842302
nmi: 0.7711138857066302
sc: 0.39792112
recon: 1409.040
recon: 1475.914
recon: 1595.055
recon: 1515.993
recon: 1572.996
recon: 1470.247
recon: 1556.220
recon: 1467.490
recon: 1439.233
recon: 1373.969
recon: 1414.281
recon: 1454.367
recon: 1459.995
recon: 1434.106
recon: 1496.987
recon: 1449.724
recon: 1448.234
Epoch: 18/500, train loss: 1472.579

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5333335420154043
nmi: 0.7675982220769677
sc: 0.38938877
recon: 1473.494
recon: 1421.150
recon: 1403.554
recon: 1538.181
recon: 1468.320
recon: 1465.995
recon: 1469.560
recon: 1387.582
recon: 1501.763
recon: 1433.913
recon: 1368.259
recon: 1458.854
recon: 1431.500
recon: 1456.749
recon: 1399.967
recon: 1410.481
recon: 1478.688
Epoch: 19/500, train loss: 1445.177

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5324549284505906
nmi: 0.7676027508556831
sc: 0.39417332
recon: 1427.208
recon: 1407.670
recon: 1399.718
recon: 1385.282
recon: 1421.375
recon: 1417.315
recon: 1381.762
recon: 1430.898
recon: 1352.987
recon: 1378.306
recon: 1472.847
recon: 1400.779
recon: 1332.001
recon: 1455.471
recon: 1516.178
recon: 1388.936
recon: 1331.943
Epoch: 20/500, train loss: 1405.922

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5363259614829174
nmi: 0.7706535955382505
sc: 0.39788964
recon: 1396.575
recon: 1425.066
recon: 1390.983
recon: 1451.427
recon: 1349.757
recon: 1399.159
recon: 1385.032
recon: 1409.606
recon: 1296.147
recon: 1334.175
recon: 1371.606
recon: 1434.168
recon: 1394.766
recon: 1336.946
recon: 1396.462
recon: 1382.330
recon: 1355.393
Epoch: 21/500, train loss: 1382.918

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5536200768185878
nmi: 0.7674313858446112
sc: 0.38795397
recon: 1371.585
recon: 1479.909
recon: 1426.291
recon: 1371.928
recon: 1334.702
recon: 1322.475
recon: 1337.869
recon: 1362.418
recon: 1323.312
recon: 1321.716
recon: 1299.045
recon: 1313.146
recon: 1394.602
recon: 1372.400
recon: 1333.272
recon: 1410.123
recon: 1365.037
Epoch: 22/500, train loss: 1361.167

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5256426478277724
nmi: 0.7638573877505669
sc: 0.3996379
recon: 1369.532
recon: 1305.975
recon: 1291.352
recon: 1309.830
recon: 1318.046
recon: 1315.583
recon: 1400.881
recon: 1333.954
recon: 1349.803
recon: 1344.514
recon: 1341.649
recon: 1433.103
recon: 1298.821
recon: 1358.357
recon: 1351.263
recon: 1329.706
recon: 1305.408
Epoch: 23/500, train loss: 1338.693

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5318372008433968
nmi: 0.7694237782741825
sc: 0.38354772
recon: 1373.467
recon: 1376.707
recon: 1322.706
recon: 1329.967
recon: 1380.818
recon: 1321.380
recon: 1245.047
recon: 1320.268
recon: 1358.258
recon: 1301.002
recon: 1281.640
recon: 1335.539
recon: 1265.616
recon: 1282.005
recon: 1266.197
recon: 1388.540
recon: 1300.943
Epoch: 24/500, train loss: 1320.594

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5292982562651484
nmi: 0.7690362934295362
sc: 0.3808912
recon: 1311.106
recon: 1413.733
recon: 1297.913
recon: 1275.477
recon: 1327.711
recon: 1342.248
recon: 1341.168
recon: 1341.995
recon: 1257.540
recon: 1269.126
recon: 1280.345
recon: 1370.875
recon: 1271.845
recon: 1269.041
recon: 1244.586
recon: 1257.208
recon: 1274.546
Epoch: 25/500, train loss: 1302.733

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5262898520330713
nmi: 0.7693310127337124
sc: 0.37985003
recon: 1279.595
recon: 1298.530
recon: 1299.249
recon: 1288.351
recon: 1335.262
recon: 1332.807
recon: 1337.495
recon: 1265.427
recon: 1218.608
recon: 1242.347
recon: 1329.415
recon: 1249.790
recon: 1300.498
recon: 1320.096
recon: 1270.940
recon: 1244.706
recon: 1221.221
Epoch: 26/500, train loss: 1284.373

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.524957306870973
nmi: 0.768243587649097
sc: 0.38640395
recon: 1218.342
recon: 1290.941
recon: 1333.857
recon: 1173.096
recon: 1327.563
recon: 1230.998
recon: 1250.781
recon: 1283.073
recon: 1335.062
recon: 1324.278
recon: 1292.025
recon: 1265.487
recon: 1279.994
recon: 1258.457
recon: 1251.775
recon: 1266.596
recon: 1326.521
Epoch: 27/500, train loss: 1276.991

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.45547090966963477
nmi: 0.7509264164094105
sc: 0.33144188
recon: 1284.317
recon: 1293.668
recon: 1253.636
recon: 1309.995
recon: 1223.773
recon: 1231.652
recon: 1236.496
recon: 1240.511
recon: 1280.947
recon: 1297.391
recon: 1274.625
recon: 1282.993
recon: 1283.680
recon: 1244.695
recon: 1172.115
recon: 1261.527
recon: 1304.864
Epoch: 28/500, train loss: 1263.346

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.43696054730404627
nmi: 0.7395642775602671
sc: 0.32497883
recon: 1282.513
recon: 1286.121
recon: 1274.220
recon: 1260.545
recon: 1257.206
recon: 1209.542
recon: 1280.960
recon: 1222.271
recon: 1260.009
recon: 1271.764
recon: 1279.242
recon: 1248.054
recon: 1249.570
recon: 1209.020
recon: 1170.522
recon: 1231.952
recon: 1224.793
Epoch: 29/500, train loss: 1248.136

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4247557529668922
nmi: 0.7417977943249714
sc: 0.3253199
recon: 1208.406
recon: 1268.188
recon: 1248.151
recon: 1263.101
recon: 1242.538
recon: 1215.792
recon: 1238.477
recon: 1251.412
recon: 1232.562
recon: 1165.413
recon: 1275.130
recon: 1194.850
recon: 1249.616
recon: 1238.677
recon: 1266.846
recon: 1224.933
recon: 1216.886
Epoch: 30/500, train loss: 1235.352

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.40316298493678127
nmi: 0.7303747668100516
sc: 0.3220939
recon: 1219.760
recon: 1250.072
recon: 1274.511
recon: 1222.731
recon: 1203.495
recon: 1206.481
recon: 1185.128
recon: 1208.103
recon: 1179.353
recon: 1185.176
recon: 1166.245
recon: 1263.202
recon: 1219.570
recon: 1278.740
recon: 1256.391
recon: 1253.173
recon: 1191.289
Epoch: 31/500, train loss: 1221.378

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3899280669903045
nmi: 0.7223017861520777
sc: 0.32031626
recon: 1207.908
recon: 1192.811
recon: 1222.154
recon: 1223.990
recon: 1196.384
recon: 1187.276
recon: 1290.819
recon: 1172.702
recon: 1201.111
recon: 1268.905
recon: 1146.662
recon: 1179.230
recon: 1237.048
recon: 1300.559
recon: 1182.794
recon: 1225.261
recon: 1203.481
Epoch: 32/500, train loss: 1214.064

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.39295927338603737
nmi: 0.7279788927893662
sc: 0.33191684
recon: 1178.102
recon: 1181.634
recon: 1197.821
recon: 1275.414
recon: 1202.680
recon: 1241.952
recon: 1279.117
recon: 1238.883
recon: 1151.487
recon: 1171.981
recon: 1170.302
recon: 1158.707
recon: 1237.043
recon: 1197.365
recon: 1167.120
recon: 1227.440
recon: 1215.365
Epoch: 33/500, train loss: 1205.436

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38427093887940866
nmi: 0.7265989825182648
sc: 0.3367671
recon: 1228.154
recon: 1151.622
recon: 1265.157
recon: 1278.608
recon: 1275.643
recon: 1155.450
recon: 1187.596
recon: 1208.865
recon: 1194.340
recon: 1183.258
recon: 1199.504
recon: 1149.492
recon: 1175.938
recon: 1139.200
recon: 1172.697
recon: 1179.275
recon: 1187.752
Epoch: 34/500, train loss: 1196.032

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38694830623561766
nmi: 0.7257491898606898
sc: 0.33830413
recon: 1236.800
recon: 1177.266
recon: 1129.514
recon: 1213.783
recon: 1197.133
recon: 1183.013
recon: 1201.352
recon: 1170.883
recon: 1163.733
recon: 1204.850
recon: 1158.836
recon: 1196.424
recon: 1190.595
recon: 1177.133
recon: 1214.890
recon: 1201.652
recon: 1241.469
Epoch: 35/500, train loss: 1191.725

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.42999367628782786
nmi: 0.7417810934556542
sc: 0.359484
recon: 1187.210
recon: 1147.277
recon: 1170.571
recon: 1176.956
recon: 1187.054
recon: 1194.800
recon: 1156.610
recon: 1155.546
recon: 1182.746
recon: 1210.670
recon: 1178.983
recon: 1199.065
recon: 1188.148
recon: 1144.248
recon: 1244.370
recon: 1165.686
recon: 1188.660
Epoch: 36/500, train loss: 1181.094

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.42721427869838086
nmi: 0.74171847291787
sc: 0.35920987
recon: 1164.930
recon: 1171.837
recon: 1144.581
recon: 1169.788
recon: 1257.510
recon: 1196.445
recon: 1160.793
recon: 1124.017
recon: 1167.132
recon: 1181.438
recon: 1227.338
recon: 1208.393
recon: 1114.990
recon: 1200.756
recon: 1171.480
recon: 1102.951
recon: 1178.895
Epoch: 37/500, train loss: 1173.134

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.42523383473956045
nmi: 0.7436196056917295
sc: 0.3565564
recon: 1183.724
recon: 1184.117
recon: 1166.433
recon: 1205.103
recon: 1107.789
recon: 1142.075
recon: 1210.561
recon: 1181.890
recon: 1225.228
recon: 1205.968
recon: 1128.532
recon: 1165.541
recon: 1111.610
recon: 1117.016
recon: 1166.630
recon: 1114.686
recon: 1101.404
Epoch: 38/500, train loss: 1159.900

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38468140237322995
nmi: 0.7260267854418533
sc: 0.34146646
recon: 1180.626
recon: 1119.732
recon: 1140.830
recon: 1186.890
recon: 1180.628
recon: 1143.676
recon: 1176.243
recon: 1156.395
recon: 1191.606
recon: 1183.310
recon: 1110.446
recon: 1168.380
recon: 1144.746
recon: 1193.189
recon: 1125.607
recon: 1125.002
recon: 1143.412
Epoch: 39/500, train loss: 1157.101

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.42323266874918514
nmi: 0.7419875869187844
sc: 0.35379776
recon: 1184.624
recon: 1171.981
recon: 1104.883
recon: 1192.812
recon: 1217.629
recon: 1121.689
recon: 1150.113
recon: 1095.416
recon: 1088.003
recon: 1127.328
recon: 1153.208
recon: 1149.788
recon: 1206.023
recon: 1154.610
recon: 1127.119
recon: 1169.391
recon: 1117.857
Epoch: 40/500, train loss: 1148.969

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38088184081055665
nmi: 0.7257997989854196
sc: 0.34103066
recon: 1129.816
recon: 1169.255
recon: 1219.606
recon: 1136.964
recon: 1161.521
recon: 1120.663
recon: 1172.861
recon: 1105.697
recon: 1105.582
recon: 1062.844
recon: 1180.559
recon: 1150.650
recon: 1176.991
recon: 1171.805
recon: 1108.482
recon: 1154.968
recon: 1115.326
Epoch: 41/500, train loss: 1143.741

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38024174371213065
nmi: 0.7254550020921641
sc: 0.34031478
recon: 1111.954
recon: 1156.275
recon: 1147.302
recon: 1093.985
recon: 1152.256
recon: 1140.408
recon: 1140.647
recon: 1157.077
recon: 1138.684
recon: 1158.871
recon: 1167.553
recon: 1147.469
recon: 1143.227
recon: 1104.422
recon: 1103.997
recon: 1132.494
recon: 1154.106
Epoch: 42/500, train loss: 1138.278

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4186079447789545
nmi: 0.7417925322239523
sc: 0.3589218
recon: 1119.090
recon: 1148.053
recon: 1147.068
recon: 1184.110
recon: 1151.556
recon: 1183.779
recon: 1122.277
recon: 1120.373
recon: 1109.713
recon: 1176.823
recon: 1155.931
recon: 1106.398
recon: 1097.155
recon: 1094.202
recon: 1091.879
recon: 1125.325
recon: 1213.389
Epoch: 43/500, train loss: 1138.066

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3825978740009989
nmi: 0.7280769360517086
sc: 0.34094787
recon: 1111.053
recon: 1131.305
recon: 1095.012
recon: 1159.479
recon: 1160.333
recon: 1095.602
recon: 1101.750
recon: 1093.412
recon: 1153.149
recon: 1112.929
recon: 1133.597
recon: 1167.776
recon: 1159.099
recon: 1114.418
recon: 1117.736
recon: 1135.708
recon: 1116.142
Epoch: 44/500, train loss: 1126.970

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.39353895502532416
nmi: 0.7296135945985567
sc: 0.3472228
recon: 1109.023
recon: 1091.927
recon: 1156.083
recon: 1201.961
recon: 1123.341
recon: 1119.076
recon: 1053.886
recon: 1145.346
recon: 1078.013
recon: 1155.935
recon: 1138.047
recon: 1114.171
recon: 1113.427
recon: 1131.777
recon: 1098.905
recon: 1125.767
recon: 1119.994
Epoch: 45/500, train loss: 1122.158

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35629273769207814
nmi: 0.7157611898601779
sc: 0.33907366
recon: 1160.462
recon: 1126.508
recon: 1138.674
recon: 1128.246
recon: 1056.444
recon: 1091.658
recon: 1050.520
recon: 1101.860
recon: 1132.041
recon: 1137.058
recon: 1118.604
recon: 1128.115
recon: 1159.948
recon: 1093.247
recon: 1117.057
recon: 1138.642
recon: 1167.477
Epoch: 46/500, train loss: 1120.386

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.39338996095491463
nmi: 0.7317615009347556
sc: 0.3502699
recon: 1088.247
recon: 1141.014
recon: 1157.744
recon: 1120.976
recon: 1090.519
recon: 1203.613
recon: 1103.599
recon: 1087.660
recon: 1104.231
recon: 1139.559
recon: 1071.435
recon: 1107.716
recon: 1066.162
recon: 1095.900
recon: 1140.084
recon: 1087.779
recon: 1146.047
Epoch: 47/500, train loss: 1114.840

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3863068779795995
nmi: 0.7270279657766978
sc: 0.34973073
recon: 1131.721
recon: 1052.590
recon: 1092.680
recon: 1069.452
recon: 1059.568
recon: 1085.692
recon: 1109.368
recon: 1143.662
recon: 1157.583
recon: 1073.194
recon: 1143.232
recon: 1124.999
recon: 1101.160
recon: 1112.740
recon: 1096.540
recon: 1146.874
recon: 1123.038
Epoch: 48/500, train loss: 1107.300

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38770102767099296
nmi: 0.7260556511896286
sc: 0.35165638
recon: 1090.861
recon: 1159.449
recon: 1094.993
recon: 1080.205
recon: 1133.445
recon: 1108.890
recon: 1123.353
recon: 1094.484
recon: 1109.076
recon: 1092.665
recon: 1089.322
recon: 1128.559
recon: 1067.596
recon: 1089.164
recon: 1078.203
recon: 1113.943
recon: 1086.713
Epoch: 49/500, train loss: 1102.407

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.42042804151036783
nmi: 0.7398184562411122
sc: 0.3549426
recon: 1102.910
recon: 1101.680
recon: 1127.982
recon: 1097.814
recon: 1073.855
recon: 1066.964
recon: 1116.115
recon: 1100.746
recon: 1119.588
recon: 1097.864
recon: 1055.210
recon: 1116.233
recon: 1111.163
recon: 1040.923
recon: 1121.644
recon: 1130.440
recon: 1065.554
Epoch: 50/500, train loss: 1096.864

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3884280033308366
nmi: 0.7254843096235388
sc: 0.35656554
recon: 1088.081
recon: 1097.239
recon: 1116.343
recon: 1056.308
recon: 1088.859
recon: 1078.999
recon: 1055.010
recon: 1085.366
recon: 1155.678
recon: 1071.961
recon: 1090.727
recon: 1064.591
recon: 1146.848
recon: 1116.719
recon: 1107.680
recon: 1113.086
recon: 1097.266
Epoch: 51/500, train loss: 1095.927

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3872553442433723
nmi: 0.7261850673567316
sc: 0.3513159
recon: 1137.085
recon: 1107.335
recon: 1066.593
recon: 1064.805
recon: 1026.623
recon: 1053.864
recon: 1049.822
recon: 1107.899
recon: 1096.661
recon: 1080.618
recon: 1121.009
recon: 1100.910
recon: 1101.440
recon: 1105.983
recon: 1125.644
recon: 1113.073
recon: 1081.897
Epoch: 52/500, train loss: 1090.662

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.41778803826842775
nmi: 0.7408311049152618
sc: 0.353097
recon: 1069.058
recon: 1066.898
recon: 1166.986
recon: 1131.417
recon: 1080.606
recon: 1110.466
recon: 1097.199
recon: 1081.228
recon: 1101.197
recon: 1099.778
recon: 1132.865
recon: 1049.458
recon: 1071.018
recon: 1006.842
recon: 1056.529
recon: 1087.151
recon: 1090.193
Epoch: 53/500, train loss: 1088.170

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38735702067034755
nmi: 0.7243207430780365
sc: 0.3507676
recon: 1047.384
recon: 1071.174
recon: 1082.467
recon: 1140.594
recon: 1065.931
recon: 1095.128
recon: 1098.210
recon: 1085.974
recon: 1124.652
recon: 1071.829
recon: 1076.711
recon: 1088.850
recon: 1086.112
recon: 1077.371
recon: 1063.412
recon: 1088.530
recon: 1087.516
Epoch: 54/500, train loss: 1085.403

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.39126186243964495
nmi: 0.7250443404779048
sc: 0.35375434
recon: 1119.688
recon: 1066.848
recon: 1087.244
recon: 1066.184
recon: 1086.073
recon: 1041.253
recon: 1085.910
recon: 1059.975
recon: 1078.915
recon: 1081.160
recon: 1110.059
recon: 1112.412
recon: 1046.097
recon: 1104.757
recon: 1055.575
recon: 1098.621
recon: 1051.734
Epoch: 55/500, train loss: 1079.559

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4003547525142491
nmi: 0.7286310565231224
sc: 0.34193373
recon: 1087.346
recon: 1067.125
recon: 1065.364
recon: 1050.311
recon: 1115.765
recon: 1055.417
recon: 1054.718
recon: 1081.855
recon: 1079.043
recon: 1073.660
recon: 1053.804
recon: 1116.571
recon: 1091.356
recon: 1099.531
recon: 1052.854
recon: 1084.815
recon: 1082.854
Epoch: 56/500, train loss: 1077.199

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.42122224550425974
nmi: 0.7387912474374395
sc: 0.35343742
recon: 1082.343
recon: 1068.462
recon: 1036.336
recon: 1001.211
recon: 1087.185
recon: 1068.730
recon: 1079.360
recon: 1121.214
recon: 1078.069
recon: 1077.034
recon: 1063.941
recon: 1114.260
recon: 1098.714
recon: 1060.104
recon: 1091.652
recon: 1069.345
recon: 1085.432
Epoch: 57/500, train loss: 1075.493

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38846628999477933
nmi: 0.7251857966871872
sc: 0.3516325
recon: 1051.950
recon: 1103.049
recon: 1072.620
recon: 1124.472
recon: 1083.139
recon: 1132.875
recon: 1086.283
recon: 1058.209
recon: 999.862
recon: 1083.011
recon: 1113.901
recon: 1066.252
recon: 999.196
recon: 1097.757
recon: 1047.824
recon: 1040.219
recon: 1035.095
Epoch: 58/500, train loss: 1070.336

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.389333182732744
nmi: 0.7254125074305133
sc: 0.34884113
recon: 1100.356
recon: 1081.875
recon: 1059.312
recon: 1059.303
recon: 1065.378
recon: 1048.468
recon: 1022.574
recon: 1103.365
recon: 1057.846
recon: 1090.691
recon: 1037.214
recon: 1081.911
recon: 1046.387
recon: 1063.620
recon: 1125.606
recon: 1099.642
recon: 1077.944
Epoch: 59/500, train loss: 1071.852

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3861185373420753
nmi: 0.7270354985858201
sc: 0.34242606
recon: 1124.397
recon: 1070.701
recon: 1087.684
recon: 1061.694
recon: 1058.362
recon: 1011.363
recon: 1088.894
recon: 993.859
recon: 1095.939
recon: 1050.245
recon: 1062.103
recon: 1060.426
recon: 1089.812
recon: 1084.481
recon: 1067.061
recon: 1050.169
recon: 1097.496
Epoch: 60/500, train loss: 1067.923

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3852663171710955
nmi: 0.7238183615050795
sc: 0.34824997
recon: 1131.600
recon: 1045.249
recon: 1059.916
recon: 978.696
recon: 1060.678
recon: 1068.668
recon: 1100.243
recon: 1067.754
recon: 1014.945
recon: 1086.201
recon: 1077.455
recon: 1075.029
recon: 1071.727
recon: 1066.889
recon: 1018.200
recon: 1088.458
recon: 1075.289
Epoch: 61/500, train loss: 1063.941

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3874939078935918
nmi: 0.727346856114431
sc: 0.34098208
recon: 1056.199
recon: 1007.307
recon: 1067.891
recon: 1074.515
recon: 1094.335
recon: 1095.702
recon: 1011.594
recon: 1057.635
recon: 1063.770
recon: 1019.547
recon: 1083.833
recon: 1103.600
recon: 1057.089
recon: 1069.253
recon: 1010.805
recon: 1074.215
recon: 1060.912
Epoch: 62/500, train loss: 1059.306

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38396793240158417
nmi: 0.7243165732048743
sc: 0.3387467
recon: 1021.777
recon: 1093.697
recon: 1064.290
recon: 1040.642
recon: 1044.906
recon: 1049.068
recon: 1005.355
recon: 1107.465
recon: 1045.766
recon: 1069.185
recon: 1080.409
recon: 1079.295
recon: 1115.321
recon: 1017.684
recon: 1058.959
recon: 1050.945
recon: 1038.335
Epoch: 63/500, train loss: 1057.829

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38357676061261325
nmi: 0.725221735702739
sc: 0.33855358
recon: 1036.065
recon: 1060.391
recon: 1039.026
recon: 1011.630
recon: 1113.255
recon: 1067.954
recon: 1062.726
recon: 1058.288
recon: 1036.189
recon: 1073.147
recon: 1034.297
recon: 1048.598
recon: 1051.424
recon: 1082.995
recon: 1036.388
recon: 1071.533
recon: 1023.900
Epoch: 64/500, train loss: 1053.400

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.41760952478430596
nmi: 0.7380831488162654
sc: 0.35109922
recon: 1086.461
recon: 1018.680
recon: 1074.325
recon: 1079.600
recon: 1076.145
recon: 1010.707
recon: 1050.002
recon: 1054.052
recon: 1094.349
recon: 1062.873
recon: 1009.867
recon: 1051.988
recon: 1057.516
recon: 1049.941
recon: 1026.281
recon: 1058.123
recon: 1072.302
Epoch: 65/500, train loss: 1054.895

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3875903611014857
nmi: 0.728351700985642
sc: 0.33806518
recon: 1045.151
recon: 1028.490
recon: 1044.175
recon: 1042.297
recon: 1058.447
recon: 1020.835
recon: 1091.585
recon: 1010.209
recon: 1049.591
recon: 1046.827
recon: 1116.950
recon: 1033.423
recon: 1067.237
recon: 1048.376
recon: 1092.185
recon: 1051.278
recon: 1054.336
Epoch: 66/500, train loss: 1053.023

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38734725230879097
nmi: 0.7202710841207074
sc: 0.34102243
recon: 1009.625
recon: 1064.953
recon: 1054.515
recon: 1009.359
recon: 1048.672
recon: 1033.337
recon: 1010.069
recon: 1030.627
recon: 1063.333
recon: 1117.368
recon: 1025.820
recon: 1042.897
recon: 1022.106
recon: 1079.058
recon: 1086.937
recon: 1058.827
recon: 1034.004
Epoch: 67/500, train loss: 1046.559

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4183093787262021
nmi: 0.7391408076042989
sc: 0.3407769
recon: 1024.091
recon: 1059.706
recon: 1052.458
recon: 1035.739
recon: 1110.507
recon: 1121.626
recon: 1020.335
recon: 988.724
recon: 1043.398
recon: 1061.711
recon: 1031.123
recon: 1085.915
recon: 1074.293
recon: 1011.156
recon: 1025.126
recon: 1028.106
recon: 1047.159
Epoch: 68/500, train loss: 1048.304

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.383538135880598
nmi: 0.7244473726555867
sc: 0.33945328
recon: 1062.317
recon: 1043.229
recon: 1102.672
recon: 1018.822
recon: 1053.494
recon: 1067.278
recon: 1032.680
recon: 1015.052
recon: 1023.264
recon: 1007.580
recon: 1045.974
recon: 1072.123
recon: 1046.982
recon: 1044.487
recon: 1050.232
recon: 1026.074
recon: 1023.377
Epoch: 69/500, train loss: 1043.273

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38623422322374734
nmi: 0.7243067552379345
sc: 0.33297205
recon: 1071.201
recon: 1021.428
recon: 1037.796
recon: 1057.736
recon: 1020.347
recon: 1066.420
recon: 1004.877
recon: 1060.673
recon: 1037.058
recon: 1026.272
recon: 1022.482
recon: 1054.383
recon: 1044.430
recon: 1064.359
recon: 1049.422
recon: 1046.584
recon: 1039.170
Epoch: 70/500, train loss: 1042.626

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3778386210515082
nmi: 0.7217551173784764
sc: 0.33263266
recon: 1016.533
recon: 1038.604
recon: 1039.909
recon: 1049.402
recon: 994.641
recon: 1022.252
recon: 1030.450
recon: 1045.906
recon: 1065.134
recon: 1041.584
recon: 1044.149
recon: 1047.782
recon: 1058.240
recon: 1029.325
recon: 1070.808
recon: 1039.762
recon: 1044.666
Epoch: 71/500, train loss: 1039.950

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4158121337204891
nmi: 0.7375748443637343
sc: 0.33774182
recon: 994.819
recon: 1071.856
recon: 1066.079
recon: 1039.266
recon: 1025.474
recon: 1066.535
recon: 1026.961
recon: 1054.669
recon: 1000.275
recon: 1065.557
recon: 1089.987
recon: 984.037
recon: 1019.720
recon: 1018.190
recon: 1019.440
recon: 1033.356
recon: 1037.273
Epoch: 72/500, train loss: 1036.088

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35515121499283997
nmi: 0.7123862860179949
sc: 0.32193738
recon: 1071.373
recon: 1078.711
recon: 1007.254
recon: 1010.829
recon: 1075.505
recon: 1049.934
recon: 1028.982
recon: 1009.525
recon: 1025.342
recon: 1052.300
recon: 1029.452
recon: 1002.093
recon: 1016.058
recon: 1083.989
recon: 999.123
recon: 1073.119
recon: 1095.153
Epoch: 73/500, train loss: 1041.691

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.41718052099520275
nmi: 0.7366961937549615
sc: 0.3311735
recon: 1066.927
recon: 1014.748
recon: 1047.281
recon: 1024.482
recon: 996.855
recon: 1009.501
recon: 988.178
recon: 1024.345
recon: 1052.352
recon: 1056.983
recon: 1061.305
recon: 1054.482
recon: 1002.303
recon: 1058.416
recon: 1068.033
recon: 1029.450
recon: 1030.779
Epoch: 74/500, train loss: 1034.495

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3808244271430432
nmi: 0.724275491613457
sc: 0.33018392
recon: 1045.587
recon: 1030.876
recon: 1040.214
recon: 1074.266
recon: 1023.672
recon: 1023.713
recon: 978.714
recon: 989.423
recon: 1050.403
recon: 1025.527
recon: 1020.361
recon: 1094.818
recon: 1058.295
recon: 1019.608
recon: 993.710
recon: 1049.391
recon: 1049.333
Epoch: 75/500, train loss: 1033.407

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.374203926318215
nmi: 0.7194025946898353
sc: 0.32595026
recon: 1021.232
recon: 1007.916
recon: 1050.269
recon: 1033.860
recon: 1012.952
recon: 1033.505
recon: 1055.063
recon: 1088.784
recon: 1007.069
recon: 1047.412
recon: 1034.013
recon: 1051.719
recon: 1015.610
recon: 1044.443
recon: 986.678
recon: 1029.049
recon: 1035.148
Epoch: 76/500, train loss: 1032.631

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.41727383901861803
nmi: 0.7379297253855427
sc: 0.33103612
recon: 974.083
recon: 1053.119
recon: 1066.864
recon: 1040.824
recon: 1040.432
recon: 1081.830
recon: 1001.406
recon: 1066.839
recon: 1027.023
recon: 1039.208
recon: 975.553
recon: 1001.615
recon: 1049.383
recon: 1000.195
recon: 1021.592
recon: 1018.292
recon: 1012.214
Epoch: 77/500, train loss: 1027.675

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3827752821722712
nmi: 0.7237354953021781
sc: 0.32660955
recon: 1034.887
recon: 1014.987
recon: 1045.729
recon: 1039.369
recon: 980.230
recon: 1033.322
recon: 1050.542
recon: 1046.941
recon: 981.802
recon: 1076.030
recon: 1037.687
recon: 1032.962
recon: 1039.702
recon: 977.308
recon: 987.721
recon: 1039.500
recon: 1065.113
Epoch: 78/500, train loss: 1028.461

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4173884321052777
nmi: 0.7371353684558465
sc: 0.323833
recon: 961.535
recon: 1004.033
recon: 1055.896
recon: 992.614
recon: 1098.273
recon: 1015.316
recon: 992.665
recon: 1047.945
recon: 1034.116
recon: 1025.747
recon: 1009.190
recon: 1015.319
recon: 1002.153
recon: 1028.235
recon: 1056.086
recon: 1060.004
recon: 1081.146
Epoch: 79/500, train loss: 1028.251

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3747628453506814
nmi: 0.7227506715304658
sc: 0.32285506
recon: 1041.365
recon: 1021.886
recon: 1000.650
recon: 1021.254
recon: 1027.910
recon: 1013.127
recon: 1019.616
recon: 992.195
recon: 1015.137
recon: 1042.467
recon: 1007.821
recon: 1039.684
recon: 1040.965
recon: 1035.179
recon: 980.069
recon: 1093.763
recon: 1042.771
Epoch: 80/500, train loss: 1025.639

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3702523012144008
nmi: 0.715083091914523
sc: 0.3184773
recon: 990.617
recon: 1002.273
recon: 1081.677
recon: 1031.273
recon: 1021.587
recon: 1010.988
recon: 1068.683
recon: 1011.422
recon: 1059.263
recon: 970.660
recon: 1043.339
recon: 999.246
recon: 990.347
recon: 1057.841
recon: 1033.543
recon: 993.701
recon: 1030.015
Epoch: 81/500, train loss: 1023.322

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.364556970988756
nmi: 0.7128668309843871
sc: 0.32639286
recon: 1009.566
recon: 1028.739
recon: 1013.663
recon: 991.677
recon: 1018.004
recon: 1058.315
recon: 997.215
recon: 1067.398
recon: 974.032
recon: 1053.275
recon: 1054.695
recon: 1020.372
recon: 974.423
recon: 1056.509
recon: 1041.152
recon: 997.974
recon: 1054.872
Epoch: 82/500, train loss: 1024.228

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.37311803250456094
nmi: 0.7199689849691854
sc: 0.32284197
recon: 1064.548
recon: 1009.033
recon: 1015.385
recon: 1046.320
recon: 1028.023
recon: 1016.596
recon: 963.022
recon: 1026.177
recon: 992.137
recon: 1005.908
recon: 1004.966
recon: 1060.305
recon: 985.875
recon: 1031.128
recon: 1060.232
recon: 1030.952
recon: 1008.508
Epoch: 83/500, train loss: 1020.536

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3641014260985064
nmi: 0.7173465712420825
sc: 0.30935892
recon: 1023.358
recon: 1000.181
recon: 1001.473
recon: 1009.636
recon: 1030.297
recon: 1042.921
recon: 1009.261
recon: 985.476
recon: 1005.211
recon: 1012.537
recon: 1044.073
recon: 1045.685
recon: 1049.170
recon: 1007.931
recon: 1034.404
recon: 975.466
recon: 1010.727
Epoch: 84/500, train loss: 1016.930

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3640873968110482
nmi: 0.715520320160944
sc: 0.31691056
recon: 1032.328
recon: 992.287
recon: 948.646
recon: 997.602
recon: 1010.952
recon: 1002.251
recon: 1020.842
recon: 1035.896
recon: 1005.612
recon: 1029.511
recon: 1007.769
recon: 1082.098
recon: 1038.914
recon: 1023.365
recon: 1017.297
recon: 1025.583
recon: 1026.872
Epoch: 85/500, train loss: 1017.519

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3647092333483536
nmi: 0.7160237095497974
sc: 0.3152068
recon: 1020.520
recon: 1097.411
recon: 981.877
recon: 1014.613
recon: 1020.784
recon: 1033.481
recon: 1009.148
recon: 978.948
recon: 999.579
recon: 994.709
recon: 1000.410
recon: 1016.351
recon: 1014.549
recon: 1011.845
recon: 1038.825
recon: 1004.003
recon: 1036.231
Epoch: 86/500, train loss: 1016.076

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3635232667883446
nmi: 0.7170828395936122
sc: 0.31175604
recon: 989.345
recon: 1018.437
recon: 1025.654
recon: 1030.178
recon: 1046.373
recon: 1002.438
recon: 994.642
recon: 1016.669
recon: 1039.773
recon: 1014.659
recon: 1006.382
recon: 980.169
recon: 1025.689
recon: 1007.915
recon: 987.772
recon: 1024.163
recon: 966.524
Epoch: 87/500, train loss: 1010.399

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3574910218392431
nmi: 0.7130338862315856
sc: 0.30723047
recon: 1029.171
recon: 997.009
recon: 964.316
recon: 1020.944
recon: 1030.651
recon: 1016.606
recon: 978.699
recon: 999.716
recon: 1028.046
recon: 1009.510
recon: 978.132
recon: 1012.028
recon: 1032.257
recon: 1043.469
recon: 1029.160
recon: 1013.492
recon: 1021.670
Epoch: 88/500, train loss: 1012.051

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3591483862887984
nmi: 0.7113337306520204
sc: 0.31152233
recon: 1033.534
recon: 990.554
recon: 1042.533
recon: 1001.114
recon: 1044.770
recon: 1005.117
recon: 986.015
recon: 988.340
recon: 987.534
recon: 1002.180
recon: 996.035
recon: 968.118
recon: 1024.167
recon: 1032.086
recon: 1013.857
recon: 1050.342
recon: 1043.195
Epoch: 89/500, train loss: 1012.323

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.36977674521232917
nmi: 0.7188803162312507
sc: 0.30213025
recon: 1045.910
recon: 1014.996
recon: 1021.592
recon: 1060.639
recon: 998.510
recon: 1002.798
recon: 991.170
recon: 977.719
recon: 1001.367
recon: 1026.863
recon: 995.175
recon: 1003.929
recon: 971.205
recon: 993.791
recon: 1020.732
recon: 998.911
recon: 990.667
Epoch: 90/500, train loss: 1006.822

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3607578630433774
nmi: 0.7124257602364304
sc: 0.30789194
recon: 1036.681
recon: 1020.254
recon: 1003.487
recon: 970.267
recon: 966.148
recon: 1012.590
recon: 997.420
recon: 1037.630
recon: 1026.548
recon: 1023.173
recon: 988.584
recon: 994.739
recon: 970.769
recon: 1051.342
recon: 1017.512
recon: 995.370
recon: 974.229
Epoch: 91/500, train loss: 1005.103

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3618392232060386
nmi: 0.7129868154933788
sc: 0.30697536
recon: 998.000
recon: 990.909
recon: 1013.338
recon: 994.356
recon: 1001.737
recon: 1042.663
recon: 1031.131
recon: 1018.411
recon: 1021.417
recon: 987.044
recon: 1025.201
recon: 1032.413
recon: 966.954
recon: 998.521
recon: 1006.925
recon: 999.415
recon: 1002.068
Epoch: 92/500, train loss: 1007.677

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.355906009108618
nmi: 0.7080228358175973
sc: 0.2988489
recon: 1003.889
recon: 1036.447
recon: 1005.899
recon: 1039.039
recon: 1016.105
recon: 999.559
recon: 990.696
recon: 1030.576
recon: 1000.148
recon: 1063.682
recon: 996.700
recon: 989.698
recon: 962.138
recon: 1006.611
recon: 971.346
recon: 986.695
recon: 1058.798
Epoch: 93/500, train loss: 1009.296

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.357524350927211
nmi: 0.7130551561827226
sc: 0.29659986
recon: 1012.812
recon: 1011.997
recon: 1001.067
recon: 987.756
recon: 1000.183
recon: 980.167
recon: 1022.271
recon: 945.748
recon: 977.613
recon: 1041.057
recon: 1023.808
recon: 996.531
recon: 1028.468
recon: 1024.603
recon: 1044.009
recon: 960.998
recon: 986.357
Epoch: 94/500, train loss: 1002.673

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.36278853526295307
nmi: 0.7128191773020232
sc: 0.3046076
recon: 1027.367
recon: 985.949
recon: 1019.522
recon: 1016.889
recon: 994.645
recon: 1011.933
recon: 996.332
recon: 989.897
recon: 1011.153
recon: 1028.128
recon: 1010.505
recon: 1009.271
recon: 960.526
recon: 979.749
recon: 1023.825
recon: 983.873
recon: 990.959
Epoch: 95/500, train loss: 1002.384

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35954793063884816
nmi: 0.7149725489610935
sc: 0.29023755
recon: 1029.272
recon: 969.146
recon: 1007.762
recon: 1074.040
recon: 1012.823
recon: 1024.442
recon: 1000.279
recon: 969.941
recon: 1003.030
recon: 993.247
recon: 973.463
recon: 994.620
recon: 1007.805
recon: 987.389
recon: 966.957
recon: 1028.792
recon: 1004.980
Epoch: 96/500, train loss: 1002.823

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35852074414750484
nmi: 0.7060683374549124
sc: 0.29227993
recon: 1045.536
recon: 1014.399
recon: 965.767
recon: 1000.652
recon: 1001.158
recon: 1014.376
recon: 1009.470
recon: 1023.849
recon: 1090.561
recon: 989.384
recon: 980.875
recon: 1010.463
recon: 948.576
recon: 1010.190
recon: 939.396
recon: 991.168
recon: 1006.913
Epoch: 97/500, train loss: 1002.514

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3578268999068729
nmi: 0.7068722694452664
sc: 0.3091433
recon: 977.814
recon: 1016.165
recon: 1050.804
recon: 998.388
recon: 995.254
recon: 989.818
recon: 994.603
recon: 981.235
recon: 1000.909
recon: 987.890
recon: 971.299
recon: 986.229
recon: 1021.425
recon: 995.551
recon: 1008.374
recon: 1007.897
recon: 964.409
Epoch: 98/500, train loss: 996.945

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3579414396339921
nmi: 0.7043413251642748
sc: 0.291694
recon: 1005.291
recon: 953.919
recon: 1055.665
recon: 1019.867
recon: 1012.924
recon: 957.429
recon: 1032.452
recon: 965.339
recon: 973.704
recon: 1069.560
recon: 969.176
recon: 984.129
recon: 1023.377
recon: 1018.959
recon: 945.595
recon: 996.294
recon: 985.112
Epoch: 99/500, train loss: 998.164

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35454259381981473
nmi: 0.7065392054209625
sc: 0.28895178
recon: 1000.657
recon: 988.944
recon: 1021.711
recon: 985.775
recon: 978.960
recon: 1005.625
recon: 972.382
recon: 980.674
recon: 978.881
recon: 1023.535
recon: 1051.050
recon: 985.398
recon: 987.160
recon: 1000.338
recon: 1003.096
recon: 988.082
recon: 1010.937
Epoch: 100/500, train loss: 997.836

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35742569211718295
nmi: 0.7035465125350361
sc: 0.28670266
recon: 989.437
recon: 999.450
recon: 1062.200
recon: 973.886
recon: 986.871
recon: 1012.878
recon: 966.133
recon: 998.878
recon: 992.774
recon: 1007.342
recon: 991.571
recon: 981.116
recon: 962.068
recon: 992.356
recon: 1016.329
recon: 1000.488
recon: 977.919
Epoch: 101/500, train loss: 994.806

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.355062814444686
nmi: 0.7035851590799634
sc: 0.29108924
recon: 1003.683
recon: 982.476
recon: 1041.063
recon: 990.834
recon: 1004.495
recon: 1015.888
recon: 1010.158
recon: 968.407
recon: 952.740
recon: 1018.153
recon: 1036.939
recon: 978.954
recon: 968.112
recon: 973.263
recon: 983.146
recon: 992.360
recon: 959.936
Epoch: 102/500, train loss: 992.977

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35270793730533107
nmi: 0.7052712042096008
sc: 0.28939298
recon: 995.171
recon: 963.214
recon: 973.575
recon: 946.878
recon: 992.757
recon: 1049.513
recon: 973.751
recon: 990.216
recon: 989.494
recon: 1010.220
recon: 1006.880
recon: 1023.178
recon: 991.524
recon: 1034.092
recon: 999.693
recon: 979.801
recon: 993.519
Epoch: 103/500, train loss: 994.910

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35890187435077936
nmi: 0.7179731593780345
sc: 0.28815874
recon: 1008.806
recon: 988.547
recon: 925.859
recon: 1035.322
recon: 1058.890
recon: 1002.669
recon: 994.706
recon: 1002.423
recon: 997.490
recon: 987.194
recon: 995.039
recon: 968.811
recon: 958.521
recon: 999.347
recon: 970.400
recon: 1003.572
recon: 961.231
Epoch: 104/500, train loss: 991.696

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3586068920393608
nmi: 0.7148659300482771
sc: 0.29132658
recon: 991.458
recon: 1003.759
recon: 1012.459
recon: 1011.102
recon: 974.358
recon: 967.937
recon: 999.410
recon: 975.318
recon: 1020.727
recon: 956.969
recon: 962.124
recon: 1011.476
recon: 995.751
recon: 965.805
recon: 1019.004
recon: 1017.889
recon: 940.658
Epoch: 105/500, train loss: 989.777

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3598737780479307
nmi: 0.7161365359838688
sc: 0.28372034
recon: 985.375
recon: 1012.940
recon: 1003.025
recon: 976.763
recon: 1036.044
recon: 963.670
recon: 1006.522
recon: 971.228
recon: 990.958
recon: 1044.086
recon: 952.688
recon: 993.969
recon: 986.256
recon: 987.651
recon: 959.627
recon: 988.768
recon: 997.844
Epoch: 106/500, train loss: 991.613

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34775043109809106
nmi: 0.7096531000678487
sc: 0.28087243
recon: 967.583
recon: 1009.140
recon: 979.181
recon: 987.464
recon: 975.195
recon: 983.676
recon: 1000.779
recon: 996.902
recon: 1005.366
recon: 1023.410
recon: 979.220
recon: 991.861
recon: 992.794
recon: 976.535
recon: 986.956
recon: 996.930
recon: 995.584
Epoch: 107/500, train loss: 991.093

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35031391130827183
nmi: 0.7107543903295959
sc: 0.27858463
recon: 967.634
recon: 986.479
recon: 972.501
recon: 998.969
recon: 979.695
recon: 1008.228
recon: 996.607
recon: 954.408
recon: 997.996
recon: 998.303
recon: 995.503
recon: 983.508
recon: 968.107
recon: 1027.695
recon: 1038.646
recon: 948.853
recon: 975.966
Epoch: 108/500, train loss: 988.182

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35044527273280207
nmi: 0.7063368551978436
sc: 0.28101265
recon: 982.066
recon: 998.049
recon: 1005.688
recon: 969.533
recon: 979.432
recon: 967.116
recon: 962.320
recon: 962.986
recon: 940.091
recon: 1023.194
recon: 1029.404
recon: 986.420
recon: 988.952
recon: 1028.880
recon: 1005.026
recon: 977.827
recon: 999.743
Epoch: 109/500, train loss: 988.631

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35194740599244606
nmi: 0.7049023934993788
sc: 0.28140983
recon: 968.593
recon: 1002.613
recon: 997.606
recon: 979.744
recon: 981.912
recon: 1019.691
recon: 999.347
recon: 1057.409
recon: 935.686
recon: 1003.636
recon: 957.082
recon: 972.584
recon: 984.602
recon: 995.447
recon: 1012.975
recon: 951.815
recon: 962.690
Epoch: 110/500, train loss: 987.261

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3498691577069138
nmi: 0.7009981590324502
sc: 0.2796182
recon: 953.974
recon: 1011.152
recon: 969.669
recon: 964.096
recon: 947.427
recon: 973.014
recon: 976.876
recon: 972.059
recon: 963.212
recon: 1016.044
recon: 1025.659
recon: 993.275
recon: 1003.648
recon: 1035.582
recon: 986.006
recon: 984.972
recon: 972.593
Epoch: 111/500, train loss: 985.251

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.37505115798965477
nmi: 0.7120335984331956
sc: 0.27454096
recon: 997.477
recon: 975.854
recon: 952.527
recon: 982.946
recon: 970.992
recon: 1002.066
recon: 970.060
recon: 942.537
recon: 1004.018
recon: 981.252
recon: 1025.762
recon: 953.349
recon: 1048.497
recon: 978.368
recon: 1016.393
recon: 972.083
recon: 974.411
Epoch: 112/500, train loss: 985.211

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3504269963928428
nmi: 0.7003579786311336
sc: 0.27821034
recon: 985.924
recon: 1000.732
recon: 947.971
recon: 990.184
recon: 1023.649
recon: 966.286
recon: 990.959
recon: 940.974
recon: 1001.976
recon: 981.078
recon: 950.428
recon: 996.427
recon: 987.392
recon: 1005.118
recon: 1009.696
recon: 974.509
recon: 956.205
Epoch: 113/500, train loss: 982.912

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35191551731922843
nmi: 0.7099330590345604
sc: 0.27655163
recon: 963.175
recon: 1000.567
recon: 978.468
recon: 1014.132
recon: 1000.013
recon: 1006.039
recon: 973.462
recon: 953.920
recon: 982.684
recon: 1019.931
recon: 982.733
recon: 969.108
recon: 955.657
recon: 991.311
recon: 1017.008
recon: 959.538
recon: 947.474
Epoch: 114/500, train loss: 983.248

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3475626178050041
nmi: 0.7070386831210371
sc: 0.27639446
recon: 997.355
recon: 977.834
recon: 979.815
recon: 990.101
recon: 974.073
recon: 1001.236
recon: 971.907
recon: 994.688
recon: 1000.454
recon: 981.946
recon: 999.841
recon: 954.778
recon: 973.553
recon: 961.530
recon: 967.307
recon: 989.250
recon: 944.636
Epoch: 115/500, train loss: 980.018

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34593493741127024
nmi: 0.703398323028463
sc: 0.276128
recon: 1014.458
recon: 964.587
recon: 963.680
recon: 987.116
recon: 972.149
recon: 957.648
recon: 990.669
recon: 1026.760
recon: 1003.690
recon: 953.270
recon: 982.136
recon: 971.139
recon: 998.613
recon: 968.302
recon: 956.825
recon: 999.173
recon: 944.557
Epoch: 116/500, train loss: 979.693

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3482604108432635
nmi: 0.7013791954453774
sc: 0.27493367
recon: 998.917
recon: 983.813
recon: 965.555
recon: 997.151
recon: 988.689
recon: 1005.569
recon: 990.573
recon: 967.568
recon: 942.849
recon: 923.220
recon: 1011.250
recon: 1022.538
recon: 989.450
recon: 997.505
recon: 937.947
recon: 984.800
recon: 975.114
Epoch: 117/500, train loss: 981.324

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3147264665560729
nmi: 0.6905704287001533
sc: 0.24458258
recon: 978.084
recon: 987.020
recon: 975.403
recon: 978.650
recon: 1006.159
recon: 985.249
recon: 976.873
recon: 985.359
recon: 992.439
recon: 979.384
recon: 998.426
recon: 996.590
recon: 961.837
recon: 975.551
recon: 959.787
recon: 951.596
recon: 989.844
Epoch: 118/500, train loss: 981.074

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.37474156857969154
nmi: 0.7131846291572587
sc: 0.2772617
recon: 991.793
recon: 1030.948
recon: 956.026
recon: 996.117
recon: 1031.872
recon: 940.828
recon: 948.682
recon: 967.795
recon: 975.852
recon: 964.968
recon: 950.676
recon: 993.270
recon: 967.942
recon: 1018.248
recon: 940.015
recon: 973.524
recon: 1006.330
Epoch: 119/500, train loss: 979.699

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33855929565340287
nmi: 0.7024459556039666
sc: 0.26733598
recon: 980.147
recon: 996.660
recon: 975.439
recon: 957.120
recon: 966.193
recon: 978.317
recon: 993.480
recon: 1005.259
recon: 980.163
recon: 977.646
recon: 995.138
recon: 915.947
recon: 995.819
recon: 990.603
recon: 962.549
recon: 997.951
recon: 967.240
Epoch: 120/500, train loss: 978.569

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34883570363138466
nmi: 0.7066155782715303
sc: 0.2688833
recon: 985.534
recon: 983.749
recon: 953.143
recon: 952.569
recon: 961.122
recon: 944.015
recon: 980.475
recon: 957.079
recon: 1017.135
recon: 960.855
recon: 990.250
recon: 982.671
recon: 968.967
recon: 1009.257
recon: 1020.354
recon: 980.610
recon: 965.844
Epoch: 121/500, train loss: 977.272

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.37827951548955374
nmi: 0.7264904592489969
sc: 0.2773354
recon: 964.090
recon: 1015.406
recon: 976.963
recon: 931.596
recon: 1033.412
recon: 951.852
recon: 950.646
recon: 918.076
recon: 984.966
recon: 973.634
recon: 957.877
recon: 960.726
recon: 1012.954
recon: 1025.194
recon: 1005.756
recon: 965.186
recon: 942.505
Epoch: 122/500, train loss: 974.755

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3658389586738537
nmi: 0.710341284552188
sc: 0.27068543
recon: 987.524
recon: 975.054
recon: 988.241
recon: 945.195
recon: 970.940
recon: 1003.007
recon: 1009.929
recon: 973.249
recon: 1001.943
recon: 949.259
recon: 1026.156
recon: 929.671
recon: 954.565
recon: 969.988
recon: 955.551
recon: 977.352
recon: 1023.512
Epoch: 123/500, train loss: 978.890

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34899213652351696
nmi: 0.7004741164485936
sc: 0.26115766
recon: 944.624
recon: 955.684
recon: 970.936
recon: 1013.628
recon: 996.344
recon: 973.128
recon: 957.342
recon: 983.718
recon: 959.247
recon: 975.906
recon: 988.298
recon: 966.240
recon: 935.103
recon: 983.592
recon: 994.867
recon: 1005.497
recon: 1008.399
Epoch: 124/500, train loss: 977.209

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3458182614821239
nmi: 0.7030918805855291
sc: 0.26574564
recon: 968.906
recon: 988.737
recon: 940.437
recon: 950.240
recon: 1015.290
recon: 931.258
recon: 987.986
recon: 971.519
recon: 966.404
recon: 964.612
recon: 968.118
recon: 1012.348
recon: 1003.729
recon: 996.203
recon: 950.649
recon: 980.348
recon: 981.604
Epoch: 125/500, train loss: 975.199

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35595235371597844
nmi: 0.715559773017749
sc: 0.26923227
recon: 1008.756
recon: 987.731
recon: 961.146
recon: 976.008
recon: 990.639
recon: 928.752
recon: 958.298
recon: 941.086
recon: 1003.532
recon: 997.625
recon: 977.180
recon: 964.407
recon: 956.498
recon: 984.943
recon: 978.544
recon: 976.617
recon: 1005.679
Epoch: 126/500, train loss: 976.320

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3561491067428077
nmi: 0.7119014205740053
sc: 0.26758417
recon: 991.098
recon: 988.446
recon: 998.900
recon: 989.001
recon: 980.609
recon: 943.452
recon: 990.044
recon: 990.916
recon: 970.370
recon: 995.867
recon: 942.897
recon: 966.038
recon: 916.734
recon: 975.077
recon: 968.486
recon: 955.372
recon: 998.876
Epoch: 127/500, train loss: 974.246

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3750305641727231
nmi: 0.7149527419600515
sc: 0.26843035
recon: 935.140
recon: 989.113
recon: 966.877
recon: 990.032
recon: 980.467
recon: 984.430
recon: 959.798
recon: 965.851
recon: 971.486
recon: 986.075
recon: 974.127
recon: 961.510
recon: 954.585
recon: 982.536
recon: 967.130
recon: 983.852
recon: 1008.628
Epoch: 128/500, train loss: 974.214

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34980228859843576
nmi: 0.7028797318790551
sc: 0.2599472
recon: 981.304
recon: 955.192
recon: 946.655
recon: 1016.991
recon: 988.267
recon: 982.335
recon: 966.697
recon: 978.648
recon: 958.711
recon: 968.822
recon: 960.407
recon: 974.083
recon: 985.028
recon: 953.523
recon: 995.463
recon: 938.354
recon: 1034.230
Epoch: 129/500, train loss: 975.571

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3656991797985169
nmi: 0.715112304948688
sc: 0.26465777
recon: 960.140
recon: 959.880
recon: 987.454
recon: 960.994
recon: 962.005
recon: 1008.271
recon: 924.142
recon: 996.313
recon: 1001.562
recon: 953.548
recon: 966.742
recon: 968.872
recon: 965.321
recon: 958.511
recon: 968.140
recon: 986.447
recon: 995.727
Epoch: 130/500, train loss: 972.004

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3501661980374584
nmi: 0.7086243055336459
sc: 0.268372
recon: 930.409
recon: 994.206
recon: 975.643
recon: 996.062
recon: 983.324
recon: 956.199
recon: 983.918
recon: 957.563
recon: 944.559
recon: 988.045
recon: 974.471
recon: 942.559
recon: 960.445
recon: 951.603
recon: 1041.435
recon: 935.307
recon: 953.734
Epoch: 131/500, train loss: 968.793

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35133384602732054
nmi: 0.7056709349009116
sc: 0.26751375
recon: 960.265
recon: 997.036
recon: 966.546
recon: 929.853
recon: 979.915
recon: 975.159
recon: 983.276
recon: 971.590
recon: 943.077
recon: 988.020
recon: 1008.257
recon: 996.560
recon: 925.381
recon: 966.763
recon: 952.641
recon: 973.464
recon: 947.166
Epoch: 132/500, train loss: 968.528

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3540692244878174
nmi: 0.7049788296131627
sc: 0.26367986
recon: 929.977
recon: 957.924
recon: 960.598
recon: 985.680
recon: 1011.513
recon: 932.575
recon: 945.226
recon: 992.031
recon: 923.549
recon: 975.536
recon: 1013.802
recon: 994.571
recon: 970.112
recon: 932.197
recon: 980.708
recon: 996.622
recon: 986.008
Epoch: 133/500, train loss: 969.919

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35052540049361436
nmi: 0.7047863291982226
sc: 0.26372212
recon: 970.192
recon: 987.258
recon: 980.742
recon: 985.821
recon: 988.636
recon: 991.185
recon: 971.969
recon: 961.053
recon: 995.573
recon: 993.666
recon: 956.087
recon: 942.806
recon: 949.206
recon: 961.235
recon: 930.802
recon: 923.321
recon: 988.487
Epoch: 134/500, train loss: 969.296

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35150872309250647
nmi: 0.7058113192233159
sc: 0.26605532
recon: 915.180
recon: 959.576
recon: 1015.938
recon: 956.128
recon: 925.018
recon: 966.456
recon: 942.982
recon: 935.447
recon: 999.512
recon: 931.043
recon: 988.049
recon: 976.713
recon: 997.603
recon: 958.055
recon: 981.816
recon: 1024.704
recon: 970.406
Epoch: 135/500, train loss: 967.331

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.36728912524324836
nmi: 0.7132679389959535
sc: 0.26684368
recon: 945.358
recon: 948.558
recon: 1025.287
recon: 990.945
recon: 1009.438
recon: 941.940
recon: 953.622
recon: 928.178
recon: 945.264
recon: 947.345
recon: 982.513
recon: 974.110
recon: 937.966
recon: 920.331
recon: 981.712
recon: 1018.052
recon: 979.419
Epoch: 136/500, train loss: 966.473

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33654616338970195
nmi: 0.6994390731679027
sc: 0.25738752
recon: 1001.825
recon: 963.575
recon: 948.789
recon: 982.425
recon: 950.893
recon: 1008.637
recon: 972.467
recon: 997.894
recon: 962.446
recon: 942.412
recon: 941.776
recon: 930.941
recon: 973.232
recon: 961.612
recon: 953.153
recon: 940.431
recon: 997.992
Epoch: 137/500, train loss: 966.500

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35142113272163583
nmi: 0.709790575363798
sc: 0.26462337
recon: 958.893
recon: 952.530
recon: 1004.693
recon: 989.957
recon: 963.920
recon: 964.922
recon: 939.945
recon: 977.342
recon: 943.987
recon: 973.972
recon: 989.371
recon: 927.526
recon: 913.737
recon: 960.018
recon: 997.055
recon: 985.351
recon: 971.472
Epoch: 138/500, train loss: 965.570

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33005006417071225
nmi: 0.6945616586656502
sc: 0.25691128
recon: 962.817
recon: 961.158
recon: 975.142
recon: 949.547
recon: 978.850
recon: 970.295
recon: 982.258
recon: 922.442
recon: 954.198
recon: 957.376
recon: 970.510
recon: 967.387
recon: 935.764
recon: 988.020
recon: 976.078
recon: 981.655
recon: 953.014
Epoch: 139/500, train loss: 963.912

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3527527431692212
nmi: 0.7056170252908379
sc: 0.26250234
recon: 989.323
recon: 986.273
recon: 938.364
recon: 963.460
recon: 961.431
recon: 953.529
recon: 950.527
recon: 962.253
recon: 994.016
recon: 1008.226
recon: 988.007
recon: 942.305
recon: 940.980
recon: 956.473
recon: 932.007
recon: 944.243
recon: 1008.747
Epoch: 140/500, train loss: 965.892

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3622941393677145
nmi: 0.7092014967738194
sc: 0.2510018
recon: 959.451
recon: 977.727
recon: 962.476
recon: 979.398
recon: 974.778
recon: 935.378
recon: 981.910
recon: 968.375
recon: 954.962
recon: 935.113
recon: 926.392
recon: 960.840
recon: 954.086
recon: 976.820
recon: 977.086
recon: 1002.360
recon: 952.515
Epoch: 141/500, train loss: 963.510

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33808372350775856
nmi: 0.6931794937183955
sc: 0.25654706
recon: 938.067
recon: 942.994
recon: 1010.765
recon: 972.024
recon: 981.357
recon: 969.672
recon: 922.998
recon: 953.081
recon: 956.036
recon: 953.358
recon: 959.041
recon: 957.212
recon: 975.349
recon: 993.062
recon: 964.578
recon: 964.958
recon: 1007.439
Epoch: 142/500, train loss: 965.999

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35558020533154094
nmi: 0.7101728822420733
sc: 0.25894517
recon: 969.054
recon: 937.309
recon: 952.051
recon: 944.291
recon: 978.745
recon: 991.548
recon: 938.753
recon: 934.673
recon: 944.855
recon: 962.833
recon: 965.489
recon: 966.738
recon: 944.622
recon: 1020.626
recon: 1012.892
recon: 934.613
recon: 964.289
Epoch: 143/500, train loss: 962.552

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3449435496916013
nmi: 0.7022335374681501
sc: 0.25693738
recon: 974.634
recon: 955.454
recon: 960.756
recon: 972.241
recon: 937.071
recon: 979.099
recon: 950.539
recon: 963.540
recon: 941.361
recon: 1002.931
recon: 958.351
recon: 956.557
recon: 994.967
recon: 953.597
recon: 958.495
recon: 930.141
recon: 920.221
Epoch: 144/500, train loss: 959.409

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3506113514408193
nmi: 0.7044109982138926
sc: 0.25757235
recon: 915.917
recon: 948.484
recon: 958.581
recon: 978.120
recon: 898.253
recon: 959.964
recon: 918.425
recon: 992.870
recon: 977.445
recon: 977.601
recon: 975.638
recon: 994.704
recon: 968.460
recon: 961.923
recon: 962.383
recon: 966.823
recon: 963.151
Epoch: 145/500, train loss: 959.926

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33625414350882804
nmi: 0.6963041970988814
sc: 0.25030386
recon: 963.557
recon: 939.414
recon: 995.124
recon: 964.530
recon: 916.764
recon: 946.910
recon: 935.904
recon: 951.006
recon: 972.364
recon: 961.968
recon: 964.944
recon: 983.306
recon: 967.916
recon: 949.088
recon: 967.602
recon: 984.827
recon: 943.972
Epoch: 146/500, train loss: 959.365

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35637072302368306
nmi: 0.710667673026101
sc: 0.26014242
recon: 949.140
recon: 972.762
recon: 918.380
recon: 955.491
recon: 951.549
recon: 946.433
recon: 938.479
recon: 950.356
recon: 991.326
recon: 965.973
recon: 981.486
recon: 1008.026
recon: 918.441
recon: 980.816
recon: 979.776
recon: 962.468
recon: 952.154
Epoch: 147/500, train loss: 960.180

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34929487837629764
nmi: 0.6993963695724681
sc: 0.2615866
recon: 928.563
recon: 943.797
recon: 967.454
recon: 984.882
recon: 937.254
recon: 946.516
recon: 988.742
recon: 947.917
recon: 974.780
recon: 972.363
recon: 961.099
recon: 967.393
recon: 959.711
recon: 933.187
recon: 964.939
recon: 957.651
recon: 962.831
Epoch: 148/500, train loss: 958.769

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3704493217314584
nmi: 0.7141681233916288
sc: 0.25948653
recon: 981.271
recon: 985.807
recon: 989.252
recon: 966.190
recon: 969.281
recon: 917.630
recon: 939.277
recon: 901.394
recon: 959.453
recon: 965.902
recon: 943.839
recon: 968.978
recon: 993.360
recon: 960.690
recon: 949.727
recon: 941.746
recon: 942.662
Epoch: 149/500, train loss: 957.439

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3485086112866299
nmi: 0.7035523402548476
sc: 0.25780678
recon: 914.621
recon: 1008.037
recon: 946.841
recon: 937.689
recon: 955.450
recon: 962.956
recon: 937.407
recon: 937.973
recon: 941.031
recon: 951.392
recon: 937.453
recon: 932.134
recon: 970.250
recon: 996.932
recon: 1017.201
recon: 975.006
recon: 967.788
Epoch: 150/500, train loss: 958.245

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3449573237320698
nmi: 0.7024912611441035
sc: 0.2604362
recon: 947.370
recon: 931.974
recon: 974.149
recon: 938.477
recon: 965.142
recon: 969.779
recon: 944.629
recon: 984.120
recon: 909.438
recon: 935.782
recon: 1032.135
recon: 935.346
recon: 944.235
recon: 918.337
recon: 960.421
recon: 1004.664
recon: 982.318
Epoch: 151/500, train loss: 957.548

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3703787756202876
nmi: 0.7178532152996089
sc: 0.2623836
recon: 978.778
recon: 980.365
recon: 984.208
recon: 972.703
recon: 941.263
recon: 924.388
recon: 924.922
recon: 923.789
recon: 942.453
recon: 951.406
recon: 970.172
recon: 938.436
recon: 982.907
recon: 987.021
recon: 972.428
recon: 952.357
recon: 970.985
Epoch: 152/500, train loss: 958.740

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3463376883993801
nmi: 0.7058825604744188
sc: 0.2621944
recon: 988.755
recon: 1006.828
recon: 955.151
recon: 933.904
recon: 959.492
recon: 926.080
recon: 934.646
recon: 919.479
recon: 969.348
recon: 932.403
recon: 999.773
recon: 949.821
recon: 979.712
recon: 938.376
recon: 942.068
recon: 951.464
recon: 979.856
Epoch: 153/500, train loss: 956.892

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33601828755371327
nmi: 0.694003012322823
sc: 0.24882014
recon: 955.063
recon: 961.432
recon: 982.382
recon: 916.366
recon: 941.674
recon: 997.238
recon: 961.933
recon: 947.668
recon: 906.582
recon: 952.200
recon: 943.292
recon: 953.016
recon: 992.653
recon: 954.099
recon: 962.808
recon: 964.861
recon: 971.917
Epoch: 154/500, train loss: 956.775

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34815486183469296
nmi: 0.7036347689239932
sc: 0.25750887
recon: 1007.963
recon: 1000.005
recon: 964.955
recon: 968.355
recon: 920.625
recon: 955.046
recon: 966.899
recon: 924.725
recon: 931.680
recon: 929.807
recon: 985.374
recon: 950.425
recon: 938.495
recon: 968.196
recon: 920.099
recon: 939.042
recon: 987.042
Epoch: 155/500, train loss: 956.396

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33780282533774586
nmi: 0.6970161635433085
sc: 0.25622496
recon: 965.580
recon: 931.631
recon: 932.228
recon: 945.157
recon: 953.992
recon: 930.630
recon: 951.670
recon: 928.177
recon: 983.250
recon: 952.383
recon: 1018.690
recon: 955.547
recon: 957.772
recon: 963.484
recon: 953.346
recon: 964.299
recon: 934.770
Epoch: 156/500, train loss: 954.271

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3445039351065664
nmi: 0.7036740117497309
sc: 0.25978178
recon: 971.197
recon: 982.650
recon: 914.799
recon: 956.037
recon: 932.331
recon: 952.751
recon: 975.222
recon: 1016.553
recon: 896.427
recon: 961.060
recon: 993.594
recon: 926.942
recon: 929.521
recon: 961.403
recon: 993.242
recon: 920.410
recon: 970.684
Epoch: 157/500, train loss: 956.166

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3468765752276818
nmi: 0.7015693863857674
sc: 0.25609297
recon: 920.193
recon: 955.653
recon: 960.461
recon: 969.807
recon: 960.043
recon: 958.313
recon: 946.053
recon: 939.815
recon: 963.555
recon: 963.081
recon: 970.414
recon: 934.305
recon: 967.224
recon: 922.999
recon: 933.065
recon: 997.749
recon: 989.376
Epoch: 158/500, train loss: 956.006

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3502459313425205
nmi: 0.7057324577271719
sc: 0.25729805
recon: 926.300
recon: 936.028
recon: 949.821
recon: 948.046
recon: 946.086
recon: 960.521
recon: 957.823
recon: 937.077
recon: 958.452
recon: 997.581
recon: 957.644
recon: 947.084
recon: 955.068
recon: 971.265
recon: 957.086
recon: 937.543
recon: 951.312
Epoch: 159/500, train loss: 952.632

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.32830907000776144
nmi: 0.6964240852359188
sc: 0.24565476
recon: 961.847
recon: 997.482
recon: 936.285
recon: 968.903
recon: 962.749
recon: 951.873
recon: 962.371
recon: 954.764
recon: 923.206
recon: 978.024
recon: 942.700
recon: 939.881
recon: 925.665
recon: 948.309
recon: 964.619
recon: 919.684
recon: 956.471
Epoch: 160/500, train loss: 952.637

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3526073426488506
nmi: 0.7120493287813661
sc: 0.25824925
recon: 998.591
recon: 959.448
recon: 951.973
recon: 990.660
recon: 955.120
recon: 943.044
recon: 956.177
recon: 926.569
recon: 962.003
recon: 965.628
recon: 977.776
recon: 971.134
recon: 923.389
recon: 924.033
recon: 919.934
recon: 912.609
recon: 940.338
Epoch: 161/500, train loss: 951.672

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3562291893966178
nmi: 0.7127315245371549
sc: 0.25687125
recon: 934.653
recon: 922.062
recon: 923.455
recon: 943.505
recon: 902.798
recon: 963.125
recon: 945.298
recon: 960.302
recon: 954.784
recon: 1025.430
recon: 954.832
recon: 948.811
recon: 969.620
recon: 953.057
recon: 956.926
recon: 949.206
recon: 932.852
Epoch: 162/500, train loss: 949.454

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3382831098089713
nmi: 0.6973050964200678
sc: 0.24230349
recon: 940.089
recon: 965.687
recon: 936.825
recon: 970.798
recon: 933.697
recon: 973.778
recon: 973.854
recon: 911.911
recon: 934.048
recon: 955.721
recon: 931.789
recon: 920.284
recon: 962.601
recon: 983.169
recon: 985.815
recon: 963.462
recon: 912.271
Epoch: 163/500, train loss: 950.341

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35261765216640506
nmi: 0.7083232024352389
sc: 0.2576113
recon: 1002.364
recon: 924.585
recon: 934.685
recon: 942.165
recon: 961.343
recon: 948.642
recon: 942.115
recon: 979.358
recon: 936.907
recon: 935.211
recon: 962.553
recon: 925.660
recon: 975.213
recon: 965.014
recon: 948.146
recon: 926.466
recon: 933.570
Epoch: 164/500, train loss: 949.647

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3324370163404512
nmi: 0.7009554046106055
sc: 0.24669455
recon: 954.000
recon: 965.116
recon: 938.392
recon: 947.064
recon: 956.001
recon: 986.912
recon: 917.546
recon: 951.955
recon: 947.339
recon: 898.767
recon: 986.961
recon: 967.942
recon: 940.979
recon: 929.375
recon: 955.335
recon: 956.509
recon: 942.192
Epoch: 165/500, train loss: 949.552

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3214275545744259
nmi: 0.6960454017106555
sc: 0.23524994
recon: 1005.990
recon: 953.733
recon: 942.756
recon: 932.901
recon: 920.920
recon: 990.911
recon: 969.236
recon: 932.923
recon: 988.723
recon: 938.386
recon: 959.794
recon: 974.452
recon: 901.165
recon: 901.553
recon: 917.322
recon: 982.588
recon: 955.511
Epoch: 166/500, train loss: 951.110

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3531155015493108
nmi: 0.7072562652525614
sc: 0.25682822
recon: 951.043
recon: 938.222
recon: 973.265
recon: 939.246
recon: 962.341
recon: 960.585
recon: 900.429
recon: 966.562
recon: 958.775
recon: 951.033
recon: 981.330
recon: 956.081
recon: 911.787
recon: 927.106
recon: 916.639
recon: 967.283
recon: 970.187
Epoch: 167/500, train loss: 948.936

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33775122443186345
nmi: 0.6990736324027541
sc: 0.24339414
recon: 992.411
recon: 940.814
recon: 951.912
recon: 921.917
recon: 936.800
recon: 938.461
recon: 930.382
recon: 949.740
recon: 934.419
recon: 937.812
recon: 975.102
recon: 1018.032
recon: 945.045
recon: 921.600
recon: 966.871
recon: 926.397
recon: 929.107
Epoch: 168/500, train loss: 948.048

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34673654012904
nmi: 0.709997979384201
sc: 0.2538714
recon: 947.427
recon: 972.075
recon: 942.895
recon: 937.184
recon: 921.745
recon: 910.753
recon: 969.621
recon: 948.999
recon: 954.123
recon: 970.276
recon: 940.164
recon: 958.861
recon: 986.640
recon: 932.594
recon: 926.562
recon: 922.267
recon: 941.618
Epoch: 169/500, train loss: 946.106

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3416892412302745
nmi: 0.7022087880629851
sc: 0.25591433
recon: 976.656
recon: 946.133
recon: 964.210
recon: 910.021
recon: 952.222
recon: 920.649
recon: 933.026
recon: 931.554
recon: 950.972
recon: 948.713
recon: 963.671
recon: 966.602
recon: 978.295
recon: 950.518
recon: 888.294
recon: 969.886
recon: 934.208
Epoch: 170/500, train loss: 946.214

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34548071290363014
nmi: 0.7029822340362516
sc: 0.2510511
recon: 950.276
recon: 916.259
recon: 932.845
recon: 962.655
recon: 945.563
recon: 1002.195
recon: 966.409
recon: 928.633
recon: 933.218
recon: 950.592
recon: 989.402
recon: 976.205
recon: 913.513
recon: 919.643
recon: 922.902
recon: 943.797
recon: 912.716
Epoch: 171/500, train loss: 945.107

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31968165013242295
nmi: 0.6957970424222757
sc: 0.23458265
recon: 938.698
recon: 994.769
recon: 954.495
recon: 906.310
recon: 932.567
recon: 960.454
recon: 934.879
recon: 943.373
recon: 944.035
recon: 910.186
recon: 934.060
recon: 959.593
recon: 931.300
recon: 983.589
recon: 966.962
recon: 942.273
recon: 944.141
Epoch: 172/500, train loss: 945.981

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3263736551238545
nmi: 0.6937507242289747
sc: 0.24253125
recon: 921.194
recon: 954.838
recon: 917.296
recon: 899.021
recon: 963.463
recon: 985.912
recon: 947.930
recon: 917.471
recon: 954.399
recon: 986.529
recon: 971.702
recon: 956.239
recon: 920.305
recon: 971.158
recon: 930.200
recon: 939.962
recon: 977.043
Epoch: 173/500, train loss: 947.921

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31556681114652385
nmi: 0.692147141491529
sc: 0.23313712
recon: 938.978
recon: 955.329
recon: 958.224
recon: 920.469
recon: 945.446
recon: 917.285
recon: 937.690
recon: 964.476
recon: 967.795
recon: 967.681
recon: 970.683
recon: 929.273
recon: 960.367
recon: 887.860
recon: 910.027
recon: 994.761
recon: 964.986
Epoch: 174/500, train loss: 946.549

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34262180464964404
nmi: 0.7034104425661485
sc: 0.2511181
recon: 932.584
recon: 942.235
recon: 921.200
recon: 934.166
recon: 939.353
recon: 954.562
recon: 938.934
recon: 940.861
recon: 967.578
recon: 931.443
recon: 991.428
recon: 952.736
recon: 965.670
recon: 941.856
recon: 912.614
recon: 982.176
recon: 925.104
Epoch: 175/500, train loss: 945.559

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.298309411908714
nmi: 0.6829830457489394
sc: 0.22542323
recon: 959.755
recon: 998.572
recon: 996.113
recon: 944.667
recon: 936.872
recon: 904.102
recon: 950.678
recon: 952.857
recon: 912.759
recon: 986.179
recon: 885.700
recon: 944.988
recon: 948.763
recon: 928.071
recon: 929.157
recon: 952.613
recon: 936.008
Epoch: 176/500, train loss: 945.168

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3461080417299957
nmi: 0.7062565683863562
sc: 0.24702133
recon: 946.548
recon: 899.903
recon: 972.518
recon: 976.295
recon: 899.258
recon: 937.233
recon: 982.701
recon: 988.742
recon: 939.807
recon: 967.228
recon: 960.776
recon: 950.306
recon: 923.748
recon: 916.967
recon: 913.260
recon: 920.327
recon: 923.671
Epoch: 177/500, train loss: 942.311

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3145258840249311
nmi: 0.6913058698360822
sc: 0.23257376
recon: 914.970
recon: 973.748
recon: 941.513
recon: 971.183
recon: 935.002
recon: 937.373
recon: 958.732
recon: 943.186
recon: 947.865
recon: 906.989
recon: 962.346
recon: 944.583
recon: 948.837
recon: 930.172
recon: 950.050
recon: 924.279
recon: 997.565
Epoch: 178/500, train loss: 946.376

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3207132004543427
nmi: 0.699428448679377
sc: 0.23565036
recon: 953.178
recon: 947.244
recon: 925.093
recon: 951.116
recon: 941.115
recon: 953.725
recon: 945.969
recon: 891.488
recon: 966.047
recon: 950.440
recon: 931.968
recon: 929.911
recon: 922.893
recon: 972.685
recon: 925.057
recon: 983.391
recon: 955.142
Epoch: 179/500, train loss: 943.910

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34695498378924167
nmi: 0.7101677144499193
sc: 0.24971598
recon: 905.978
recon: 952.828
recon: 948.435
recon: 916.238
recon: 960.867
recon: 924.256
recon: 954.607
recon: 960.867
recon: 951.160
recon: 930.395
recon: 932.120
recon: 960.037
recon: 936.584
recon: 947.609
recon: 927.882
recon: 982.907
recon: 944.782
Epoch: 180/500, train loss: 943.385

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3467824701468801
nmi: 0.7094882538450147
sc: 0.2515796
recon: 973.911
recon: 918.403
recon: 949.385
recon: 955.233
recon: 907.943
recon: 910.778
recon: 921.394
recon: 947.486
recon: 959.005
recon: 978.632
recon: 931.658
recon: 926.215
recon: 976.656
recon: 941.270
recon: 915.330
recon: 953.741
recon: 952.576
Epoch: 181/500, train loss: 942.330

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3449690685814498
nmi: 0.7072813689959966
sc: 0.24916951
recon: 930.051
recon: 937.793
recon: 935.384
recon: 958.081
recon: 974.902
recon: 962.925
recon: 963.712
recon: 936.535
recon: 960.903
recon: 899.066
recon: 901.735
recon: 969.870
recon: 939.601
recon: 935.657
recon: 937.200
recon: 923.506
recon: 913.072
Epoch: 182/500, train loss: 940.000

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.32170875513491
nmi: 0.700269035196455
sc: 0.23255515
recon: 965.301
recon: 999.629
recon: 925.984
recon: 900.346
recon: 936.880
recon: 941.686
recon: 935.370
recon: 970.240
recon: 960.223
recon: 919.228
recon: 959.132
recon: 917.642
recon: 959.596
recon: 900.029
recon: 945.649
recon: 928.812
recon: 908.408
Epoch: 183/500, train loss: 939.656

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3460482928814895
nmi: 0.7092224193793896
sc: 0.24782051
recon: 943.114
recon: 946.412
recon: 972.051
recon: 943.253
recon: 896.034
recon: 980.643
recon: 929.723
recon: 972.532
recon: 966.058
recon: 922.996
recon: 904.073
recon: 878.848
recon: 947.939
recon: 954.370
recon: 942.880
recon: 968.034
recon: 926.507
Epoch: 184/500, train loss: 940.910

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3461503893027515
nmi: 0.7028428895225394
sc: 0.24405545
recon: 935.463
recon: 966.569
recon: 946.455
recon: 978.094
recon: 921.335
recon: 947.889
recon: 911.429
recon: 907.969
recon: 969.740
recon: 939.659
recon: 923.255
recon: 917.618
recon: 957.450
recon: 977.792
recon: 948.086
recon: 902.518
recon: 922.284
Epoch: 185/500, train loss: 939.624

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3190261787476014
nmi: 0.6972623928373483
sc: 0.23021773
recon: 966.805
recon: 927.849
recon: 910.004
recon: 975.815
recon: 923.370
recon: 947.031
recon: 908.809
recon: 918.027
recon: 949.503
recon: 944.407
recon: 920.536
recon: 966.158
recon: 938.574
recon: 944.765
recon: 925.006
recon: 991.649
recon: 921.128
Epoch: 186/500, train loss: 939.967

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.344973771175681
nmi: 0.7088751741327465
sc: 0.24802078
recon: 943.813
recon: 891.623
recon: 934.102
recon: 898.181
recon: 952.384
recon: 940.160
recon: 908.614
recon: 935.683
recon: 954.496
recon: 962.770
recon: 959.095
recon: 1001.067
recon: 940.982
recon: 959.293
recon: 956.483
recon: 897.149
recon: 957.899
Epoch: 187/500, train loss: 940.811

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34967122601964096
nmi: 0.7130411037413762
sc: 0.24823053
recon: 944.685
recon: 995.163
recon: 916.983
recon: 956.307
recon: 910.100
recon: 951.493
recon: 954.249
recon: 921.210
recon: 952.900
recon: 949.689
recon: 874.637
recon: 959.418
recon: 948.690
recon: 981.783
recon: 928.163
recon: 892.454
recon: 965.396
Epoch: 188/500, train loss: 941.372

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3354905348952016
nmi: 0.7005258367555665
sc: 0.24171871
recon: 975.173
recon: 932.538
recon: 937.021
recon: 890.241
recon: 980.935
recon: 951.208
recon: 881.336
recon: 924.852
recon: 932.906
recon: 905.413
recon: 946.322
recon: 963.091
recon: 937.897
recon: 935.344
recon: 945.017
recon: 987.273
recon: 954.919
Epoch: 189/500, train loss: 940.087

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3446042118104588
nmi: 0.7045098626830758
sc: 0.24888854
recon: 945.980
recon: 929.729
recon: 963.701
recon: 936.975
recon: 940.637
recon: 931.133
recon: 946.004
recon: 938.465
recon: 931.141
recon: 945.774
recon: 942.719
recon: 913.917
recon: 934.814
recon: 936.558
recon: 924.638
recon: 945.893
recon: 910.379
Epoch: 190/500, train loss: 936.380

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3341628355674152
nmi: 0.6959859733864372
sc: 0.23934013
recon: 954.410
recon: 953.744
recon: 943.730
recon: 966.290
recon: 933.641
recon: 973.697
recon: 908.927
recon: 933.904
recon: 913.262
recon: 953.758
recon: 924.816
recon: 946.630
recon: 950.496
recon: 908.553
recon: 954.250
recon: 906.608
recon: 934.249
Epoch: 191/500, train loss: 938.880

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31083803451142683
nmi: 0.6894000011081857
sc: 0.22560546
recon: 921.385
recon: 980.548
recon: 940.685
recon: 921.972
recon: 907.360
recon: 933.557
recon: 972.185
recon: 915.995
recon: 920.337
recon: 932.120
recon: 950.289
recon: 939.988
recon: 930.621
recon: 938.378
recon: 961.213
recon: 930.118
recon: 939.326
Epoch: 192/500, train loss: 937.416

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34478660795817745
nmi: 0.7078029511721097
sc: 0.24414426
recon: 961.401
recon: 932.102
recon: 916.518
recon: 944.544
recon: 955.012
recon: 979.217
recon: 910.683
recon: 938.054
recon: 928.609
recon: 937.282
recon: 926.347
recon: 907.098
recon: 934.678
recon: 960.397
recon: 936.379
recon: 929.292
recon: 936.939
Epoch: 193/500, train loss: 937.327

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31556703836390204
nmi: 0.6865981663455738
sc: 0.22224662
recon: 939.440
recon: 943.050
recon: 923.949
recon: 980.386
recon: 907.442
recon: 927.293
recon: 922.537
recon: 917.362
recon: 949.383
recon: 953.538
recon: 931.394
recon: 967.016
recon: 963.257
recon: 917.167
recon: 947.824
recon: 890.705
recon: 981.119
Epoch: 194/500, train loss: 938.992

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3169697376720337
nmi: 0.6952360483598612
sc: 0.2277475
recon: 922.681
recon: 932.233
recon: 928.841
recon: 920.377
recon: 938.291
recon: 915.939
recon: 925.242
recon: 957.837
recon: 976.180
recon: 943.999
recon: 937.943
recon: 911.791
recon: 936.329
recon: 937.027
recon: 971.085
recon: 947.102
recon: 949.263
Epoch: 195/500, train loss: 938.362

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3397094712905439
nmi: 0.7008665548296972
sc: 0.24047142
recon: 1011.959
recon: 933.153
recon: 918.538
recon: 963.471
recon: 915.385
recon: 923.917
recon: 915.074
recon: 930.333
recon: 931.068
recon: 924.300
recon: 945.764
recon: 937.927
recon: 935.965
recon: 951.227
recon: 934.174
recon: 916.845
recon: 946.883
Epoch: 196/500, train loss: 937.411

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31547932919844857
nmi: 0.6948629222265462
sc: 0.22895496
recon: 998.884
recon: 943.920
recon: 936.005
recon: 934.889
recon: 907.172
recon: 933.048
recon: 927.662
recon: 936.041
recon: 926.177
recon: 899.236
recon: 939.962
recon: 912.071
recon: 972.982
recon: 953.957
recon: 912.256
recon: 952.148
recon: 916.426
Epoch: 197/500, train loss: 935.461

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34383451457216346
nmi: 0.7090203690881374
sc: 0.24525648
recon: 939.112
recon: 888.223
recon: 925.767
recon: 914.977
recon: 914.317
recon: 942.899
recon: 952.419
recon: 955.790
recon: 965.366
recon: 942.845
recon: 930.685
recon: 1018.115
recon: 917.811
recon: 886.374
recon: 930.180
recon: 961.395
recon: 908.395
Epoch: 198/500, train loss: 934.981

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3445397600601883
nmi: 0.7075513409771566
sc: 0.24218936
recon: 921.158
recon: 907.380
recon: 915.379
recon: 917.698
recon: 943.183
recon: 905.428
recon: 947.501
recon: 955.176
recon: 970.042
recon: 928.144
recon: 931.086
recon: 953.239
recon: 974.856
recon: 943.036
recon: 911.398
recon: 953.089
recon: 916.531
Epoch: 199/500, train loss: 934.960

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.32065459441155864
nmi: 0.6998713795327657
sc: 0.22896671
recon: 928.989
recon: 941.613
recon: 920.550
recon: 936.818
recon: 933.944
recon: 964.765
recon: 899.037
recon: 926.710
recon: 954.579
recon: 961.536
recon: 920.280
recon: 928.648
recon: 923.814
recon: 965.830
recon: 911.197
recon: 945.567
recon: 931.408
Epoch: 200/500, train loss: 935.017

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31520852995952003
nmi: 0.6941105385588112
sc: 0.22431433
recon: 917.818
recon: 941.774
recon: 963.464
recon: 957.037
recon: 932.027
recon: 964.734
recon: 930.376
recon: 920.322
recon: 942.959
recon: 904.655
recon: 932.546
recon: 934.991
recon: 932.934
recon: 926.659
recon: 954.612
recon: 899.282
recon: 873.928
Epoch: 201/500, train loss: 931.183

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33849260563668887
nmi: 0.6992403116507337
sc: 0.24030353
recon: 944.191
recon: 960.466
recon: 925.863
recon: 934.584
recon: 946.565
recon: 917.709
recon: 939.032
recon: 936.164
recon: 939.008
recon: 920.505
recon: 917.122
recon: 927.120
recon: 942.005
recon: 944.636
recon: 941.730
recon: 909.739
recon: 940.840
Epoch: 202/500, train loss: 934.546

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34037001524421334
nmi: 0.7024992140041418
sc: 0.24135233
recon: 917.992
recon: 967.246
recon: 955.002
recon: 949.503
recon: 973.061
recon: 954.848
recon: 936.869
recon: 927.353
recon: 916.351
recon: 943.453
recon: 904.838
recon: 942.591
recon: 895.714
recon: 945.994
recon: 902.243
recon: 904.979
recon: 953.762
Epoch: 203/500, train loss: 934.812

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3121095051811005
nmi: 0.6906857763578981
sc: 0.22441381
recon: 904.342
recon: 906.488
recon: 948.697
recon: 934.753
recon: 905.758
recon: 916.725
recon: 904.185
recon: 925.250
recon: 918.320
recon: 957.044
recon: 926.039
recon: 936.369
recon: 967.753
recon: 954.883
recon: 946.721
recon: 971.814
recon: 942.712
Epoch: 204/500, train loss: 933.403

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34384129502551564
nmi: 0.7068419247504565
sc: 0.23798612
recon: 982.006
recon: 884.633
recon: 930.582
recon: 917.308
recon: 936.788
recon: 960.932
recon: 911.732
recon: 960.854
recon: 931.302
recon: 913.039
recon: 930.177
recon: 980.951
recon: 942.355
recon: 918.896
recon: 924.276
recon: 900.325
recon: 929.430
Epoch: 205/500, train loss: 932.682

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3411168392853372
nmi: 0.7017402133647599
sc: 0.23923506
recon: 949.541
recon: 969.483
recon: 954.952
recon: 930.663
recon: 964.656
recon: 907.837
recon: 948.977
recon: 924.170
recon: 908.890
recon: 927.336
recon: 929.360
recon: 913.555
recon: 939.528
recon: 928.438
recon: 919.832
recon: 925.396
recon: 912.012
Epoch: 206/500, train loss: 932.625

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3438585503522927
nmi: 0.7067783844986743
sc: 0.2383426
recon: 981.776
recon: 900.354
recon: 938.602
recon: 959.272
recon: 981.933
recon: 931.854
recon: 911.449
recon: 948.140
recon: 966.877
recon: 899.726
recon: 904.262
recon: 937.477
recon: 933.920
recon: 929.814
recon: 900.157
recon: 895.139
recon: 936.920
Epoch: 207/500, train loss: 932.804

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31553724882080736
nmi: 0.6959628884873023
sc: 0.22229287
recon: 915.923
recon: 909.657
recon: 918.934
recon: 929.604
recon: 927.143
recon: 922.174
recon: 931.807
recon: 942.227
recon: 946.914
recon: 919.181
recon: 951.885
recon: 941.192
recon: 930.808
recon: 925.166
recon: 933.378
recon: 950.851
recon: 960.934
Epoch: 208/500, train loss: 932.810

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31300430544626523
nmi: 0.6904029712668278
sc: 0.22408083
recon: 918.594
recon: 948.299
recon: 923.228
recon: 956.515
recon: 914.787
recon: 931.133
recon: 960.478
recon: 922.105
recon: 919.617
recon: 925.319
recon: 923.182
recon: 954.306
recon: 950.515
recon: 965.617
recon: 886.243
recon: 905.354
recon: 911.483
Epoch: 209/500, train loss: 930.399

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3435094551870768
nmi: 0.7066735806262884
sc: 0.23874848
recon: 918.432
recon: 932.184
recon: 901.701
recon: 953.703
recon: 933.541
recon: 890.295
recon: 972.792
recon: 935.627
recon: 894.630
recon: 956.757
recon: 911.962
recon: 1001.983
recon: 912.109
recon: 916.212
recon: 903.210
recon: 958.417
recon: 933.818
Epoch: 210/500, train loss: 931.022

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34355231883359255
nmi: 0.7063126669033665
sc: 0.23741177
recon: 934.568
recon: 907.602
recon: 919.555
recon: 930.770
recon: 904.364
recon: 943.438
recon: 953.639
recon: 932.529
recon: 952.678
recon: 912.805
recon: 942.712
recon: 954.768
recon: 927.330
recon: 924.802
recon: 931.860
recon: 912.478
recon: 933.963
Epoch: 211/500, train loss: 930.580

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34300666936360036
nmi: 0.7056785987576313
sc: 0.23941423
recon: 917.861
recon: 890.590
recon: 964.150
recon: 940.793
recon: 910.286
recon: 948.825
recon: 947.735
recon: 987.097
recon: 935.162
recon: 907.929
recon: 936.006
recon: 937.406
recon: 942.922
recon: 906.536
recon: 904.927
recon: 927.693
recon: 897.307
Epoch: 212/500, train loss: 929.602

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3444296185015311
nmi: 0.7063029064270376
sc: 0.237286
recon: 897.621
recon: 896.474
recon: 903.637
recon: 960.818
recon: 940.170
recon: 927.968
recon: 959.334
recon: 934.803
recon: 914.685
recon: 950.276
recon: 922.492
recon: 913.964
recon: 967.255
recon: 908.220
recon: 929.298
recon: 959.970
recon: 946.436
Epoch: 213/500, train loss: 931.378

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34349026405400135
nmi: 0.7063663316879497
sc: 0.2360754
recon: 922.412
recon: 914.093
recon: 880.021
recon: 912.536
recon: 904.997
recon: 993.447
recon: 905.252
recon: 927.690
recon: 940.927
recon: 934.238
recon: 966.802
recon: 950.564
recon: 956.770
recon: 935.000
recon: 907.156
recon: 947.460
recon: 911.373
Epoch: 214/500, train loss: 930.043

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34194987520024034
nmi: 0.700595984465483
sc: 0.23044401
recon: 932.800
recon: 915.199
recon: 902.680
recon: 967.943
recon: 923.340
recon: 945.763
recon: 895.958
recon: 920.419
recon: 938.176
recon: 932.854
recon: 909.813
recon: 961.152
recon: 970.076
recon: 931.847
recon: 929.373
recon: 920.893
recon: 883.072
Epoch: 215/500, train loss: 928.315

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3386082735132571
nmi: 0.7002446070216158
sc: 0.2358113
recon: 940.800
recon: 912.731
recon: 939.709
recon: 942.327
recon: 905.368
recon: 911.093
recon: 947.012
recon: 916.123
recon: 926.402
recon: 936.818
recon: 937.682
recon: 925.448
recon: 936.160
recon: 931.218
recon: 918.434
recon: 942.476
recon: 957.058
Epoch: 216/500, train loss: 930.992

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3390576165204025
nmi: 0.6997296140182903
sc: 0.23297437
recon: 934.918
recon: 926.591
recon: 907.519
recon: 935.642
recon: 924.031
recon: 943.778
recon: 949.122
recon: 902.651
recon: 924.694
recon: 924.813
recon: 944.032
recon: 950.762
recon: 924.993
recon: 899.928
recon: 918.613
recon: 956.513
recon: 947.481
Epoch: 217/500, train loss: 930.358

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3392156543178626
nmi: 0.6994247058460186
sc: 0.2322606
recon: 930.339
recon: 934.446
recon: 926.028
recon: 904.880
recon: 934.794
recon: 911.392
recon: 939.708
recon: 939.150
recon: 893.091
recon: 913.225
recon: 943.181
recon: 954.085
recon: 906.598
recon: 928.680
recon: 938.951
recon: 966.865
recon: 921.755
Epoch: 218/500, train loss: 928.657

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31169491538623306
nmi: 0.6933978171127793
sc: 0.21893978
recon: 960.778
recon: 908.448
recon: 955.477
recon: 930.973
recon: 904.258
recon: 926.741
recon: 905.211
recon: 966.436
recon: 906.877
recon: 915.782
recon: 901.796
recon: 893.801
recon: 944.850
recon: 961.557
recon: 952.985
recon: 938.985
recon: 908.681
Epoch: 219/500, train loss: 928.449

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31169695274661907
nmi: 0.6926402000544574
sc: 0.2168032
recon: 898.946
recon: 906.950
recon: 924.222
recon: 929.965
recon: 902.950
recon: 966.585
recon: 946.025
recon: 901.744
recon: 928.673
recon: 917.202
recon: 953.753
recon: 934.451
recon: 947.521
recon: 938.043
recon: 936.621
recon: 924.085
recon: 919.454
Epoch: 220/500, train loss: 928.070

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.314357479852908
nmi: 0.6957396949706575
sc: 0.22186054
recon: 897.960
recon: 932.311
recon: 901.851
recon: 908.796
recon: 926.494
recon: 908.351
recon: 949.443
recon: 930.750
recon: 950.130
recon: 933.225
recon: 940.341
recon: 949.384
recon: 916.886
recon: 959.293
recon: 936.647
recon: 894.075
recon: 948.102
Epoch: 221/500, train loss: 928.473

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31319352831108943
nmi: 0.693394248007015
sc: 0.21866192
recon: 942.741
recon: 911.860
recon: 939.685
recon: 926.410
recon: 881.688
recon: 895.752
recon: 917.804
recon: 924.301
recon: 928.334
recon: 922.833
recon: 920.750
recon: 920.304
recon: 967.654
recon: 939.403
recon: 947.327
recon: 969.503
recon: 937.408
Epoch: 222/500, train loss: 929.045

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31492556076489747
nmi: 0.6954271580025966
sc: 0.22072463
recon: 922.930
recon: 969.298
recon: 927.217
recon: 935.689
recon: 943.410
recon: 932.066
recon: 921.233
recon: 921.192
recon: 894.765
recon: 922.026
recon: 914.943
recon: 939.444
recon: 913.579
recon: 919.883
recon: 944.276
recon: 925.524
recon: 946.798
Epoch: 223/500, train loss: 929.075

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3444613762578727
nmi: 0.7073173229040223
sc: 0.23280774
recon: 949.040
recon: 895.393
recon: 921.843
recon: 909.084
recon: 925.559
recon: 912.796
recon: 958.211
recon: 937.905
recon: 894.404
recon: 939.803
recon: 919.187
recon: 923.072
recon: 936.544
recon: 946.004
recon: 927.230
recon: 952.893
recon: 910.221
Epoch: 224/500, train loss: 927.011

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34357103297563696
nmi: 0.7060672932241243
sc: 0.23238817
recon: 919.715
recon: 947.438
recon: 913.771
recon: 918.236
recon: 922.145
recon: 905.937
recon: 977.165
recon: 896.454
recon: 916.291
recon: 888.890
recon: 905.742
recon: 913.686
recon: 949.198
recon: 968.627
recon: 945.194
recon: 930.860
recon: 919.580
Epoch: 225/500, train loss: 925.819

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3438867658263003
nmi: 0.7065553872099972
sc: 0.23114195
recon: 939.495
recon: 902.129
recon: 939.550
recon: 971.519
recon: 933.221
recon: 901.957
recon: 910.174
recon: 957.920
recon: 918.857
recon: 889.402
recon: 921.009
recon: 945.336
recon: 934.080
recon: 933.507
recon: 927.492
recon: 907.540
recon: 931.664
Epoch: 226/500, train loss: 927.344

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3439764683905004
nmi: 0.7070962118600624
sc: 0.23520297
recon: 882.001
recon: 946.362
recon: 919.832
recon: 963.596
recon: 959.827
recon: 928.777
recon: 924.917
recon: 928.004
recon: 914.327
recon: 910.113
recon: 918.186
recon: 900.447
recon: 888.655
recon: 963.309
recon: 924.036
recon: 952.970
recon: 936.945
Epoch: 227/500, train loss: 927.194

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3429444495505127
nmi: 0.7071397806522756
sc: 0.23526646
recon: 914.178
recon: 920.790
recon: 956.213
recon: 898.473
recon: 900.968
recon: 919.197
recon: 963.479
recon: 909.667
recon: 912.186
recon: 943.382
recon: 918.287
recon: 920.640
recon: 941.210
recon: 973.758
recon: 909.320
recon: 925.670
recon: 887.013
Epoch: 228/500, train loss: 924.378

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3432985410693298
nmi: 0.706305669210643
sc: 0.23541728
recon: 891.563
recon: 905.841
recon: 960.529
recon: 931.166
recon: 991.306
recon: 944.152
recon: 876.504
recon: 953.066
recon: 900.831
recon: 890.379
recon: 941.391
recon: 900.268
recon: 922.843
recon: 932.997
recon: 968.698
recon: 908.808
recon: 897.748
Epoch: 229/500, train loss: 924.593

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3441481833694109
nmi: 0.7060278754059779
sc: 0.23501599
recon: 919.106
recon: 919.830
recon: 943.283
recon: 893.137
recon: 912.577
recon: 957.662
recon: 894.921
recon: 927.792
recon: 908.986
recon: 947.085
recon: 923.771
recon: 944.924
recon: 939.007
recon: 935.716
recon: 938.991
recon: 933.411
recon: 941.161
Epoch: 230/500, train loss: 928.315

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34032968505522354
nmi: 0.7007937434884911
sc: 0.23213296
recon: 937.178
recon: 932.520
recon: 941.657
recon: 921.453
recon: 894.670
recon: 941.809
recon: 954.369
recon: 935.458
recon: 939.516
recon: 945.740
recon: 913.351
recon: 929.107
recon: 913.962
recon: 906.357
recon: 916.774
recon: 888.605
recon: 929.702
Epoch: 231/500, train loss: 926.013

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3468573565982973
nmi: 0.7115405581305788
sc: 0.23393355
recon: 895.519
recon: 962.301
recon: 940.227
recon: 921.041
recon: 958.790
recon: 901.824
recon: 907.395
recon: 903.599
recon: 912.462
recon: 926.616
recon: 939.641
recon: 962.626
recon: 919.898
recon: 905.232
recon: 901.519
recon: 931.388
recon: 890.913
Epoch: 232/500, train loss: 922.411

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3419647287933278
nmi: 0.7045798005855468
sc: 0.22595651
recon: 880.874
recon: 932.737
recon: 964.096
recon: 913.305
recon: 910.777
recon: 896.088
recon: 962.171
recon: 916.302
recon: 904.088
recon: 927.723
recon: 944.610
recon: 917.956
recon: 929.952
recon: 887.439
recon: 928.032
recon: 984.491
recon: 932.267
Epoch: 233/500, train loss: 925.465

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.316148209585506
nmi: 0.694383013735167
sc: 0.21212827
recon: 978.255
recon: 979.322
recon: 904.716
recon: 952.385
recon: 905.850
recon: 887.107
recon: 921.324
recon: 935.716
recon: 881.718
recon: 922.437
recon: 920.432
recon: 949.343
recon: 927.244
recon: 923.956
recon: 896.322
recon: 905.561
recon: 902.528
Epoch: 234/500, train loss: 923.189

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31633002811616917
nmi: 0.6932505106540996
sc: 0.21281818
recon: 954.893
recon: 931.923
recon: 923.198
recon: 907.886
recon: 950.806
recon: 922.953
recon: 937.054
recon: 939.580
recon: 921.100
recon: 935.491
recon: 925.475
recon: 872.875
recon: 929.272
recon: 911.760
recon: 918.223
recon: 909.681
recon: 893.226
Epoch: 235/500, train loss: 922.670

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3400634504129711
nmi: 0.7006291420013651
sc: 0.23074889
recon: 909.517
recon: 922.395
recon: 927.260
recon: 939.126
recon: 954.025
recon: 920.722
recon: 949.658
recon: 897.841
recon: 939.410
recon: 931.514
recon: 874.228
recon: 897.859
recon: 892.350
recon: 905.349
recon: 973.205
recon: 937.053
recon: 899.410
Epoch: 236/500, train loss: 921.819

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34430725835633597
nmi: 0.7067307066691447
sc: 0.23129961
recon: 916.435
recon: 932.551
recon: 955.510
recon: 906.878
recon: 931.658
recon: 917.561
recon: 916.894
recon: 953.689
recon: 905.707
recon: 923.597
recon: 943.987
recon: 928.662
recon: 905.104
recon: 906.358
recon: 939.987
recon: 900.555
recon: 892.740
Epoch: 237/500, train loss: 922.228

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34467136145121285
nmi: 0.7079594718199645
sc: 0.22800265
recon: 920.323
recon: 920.755
recon: 923.295
recon: 894.920
recon: 881.077
recon: 861.640
recon: 955.536
recon: 943.987
recon: 927.485
recon: 962.781
recon: 899.013
recon: 976.215
recon: 932.848
recon: 895.168
recon: 918.652
recon: 951.506
recon: 910.266
Epoch: 238/500, train loss: 922.086

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33955739589955397
nmi: 0.7011656517647056
sc: 0.22503395
recon: 958.394
recon: 912.361
recon: 932.045
recon: 902.690
recon: 944.018
recon: 900.513
recon: 913.605
recon: 897.849
recon: 982.632
recon: 925.750
recon: 912.517
recon: 918.211
recon: 902.505
recon: 906.918
recon: 929.022
recon: 939.195
recon: 867.686
Epoch: 239/500, train loss: 920.348

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34067303892296197
nmi: 0.7016558086502077
sc: 0.22610924
recon: 903.954
recon: 929.691
recon: 940.469
recon: 909.412
recon: 906.296
recon: 932.671
recon: 936.019
recon: 945.242
recon: 900.652
recon: 913.999
recon: 927.286
recon: 932.228
recon: 913.789
recon: 922.265
recon: 919.496
recon: 946.801
recon: 943.462
Epoch: 240/500, train loss: 924.925

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3392545086029861
nmi: 0.7009550486999253
sc: 0.22897634
recon: 964.531
recon: 912.957
recon: 947.494
recon: 900.276
recon: 902.093
recon: 924.762
recon: 904.484
recon: 918.163
recon: 932.740
recon: 922.828
recon: 903.841
recon: 921.762
recon: 933.566
recon: 898.785
recon: 957.724
recon: 918.055
recon: 907.864
Epoch: 241/500, train loss: 921.878

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3446668363436896
nmi: 0.7065700699722394
sc: 0.22782293
recon: 897.329
recon: 930.484
recon: 916.687
recon: 915.797
recon: 955.887
recon: 914.995
recon: 918.905
recon: 916.667
recon: 933.743
recon: 909.758
recon: 911.834
recon: 921.489
recon: 916.205
recon: 929.484
recon: 936.955
recon: 938.490
recon: 895.485
Epoch: 242/500, train loss: 921.188

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34589054429605304
nmi: 0.7096581737060512
sc: 0.2245827
recon: 883.758
recon: 927.157
recon: 971.894
recon: 935.452
recon: 906.452
recon: 918.332
recon: 900.600
recon: 896.742
recon: 910.258
recon: 930.097
recon: 908.946
recon: 928.463
recon: 949.419
recon: 956.930
recon: 892.766
recon: 934.835
recon: 907.821
Epoch: 243/500, train loss: 921.172

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.343358394049114
nmi: 0.706161224194201
sc: 0.22607261
recon: 945.048
recon: 941.799
recon: 927.111
recon: 920.193
recon: 924.002
recon: 939.204
recon: 961.267
recon: 894.378
recon: 915.642
recon: 952.592
recon: 891.788
recon: 881.410
recon: 915.306
recon: 906.026
recon: 943.791
recon: 899.113
recon: 894.568
Epoch: 244/500, train loss: 920.779

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34329767876697165
nmi: 0.7070265583954723
sc: 0.2258425
recon: 935.339
recon: 877.776
recon: 927.019
recon: 913.831
recon: 908.237
recon: 921.012
recon: 915.627
recon: 932.277
recon: 947.734
recon: 943.367
recon: 887.341
recon: 905.679
recon: 936.148
recon: 945.536
recon: 931.536
recon: 919.381
recon: 946.082
Epoch: 245/500, train loss: 923.172

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34442216183840274
nmi: 0.7073093150163376
sc: 0.22821616
recon: 886.422
recon: 936.157
recon: 898.116
recon: 945.475
recon: 936.510
recon: 913.403
recon: 924.452
recon: 909.231
recon: 941.934
recon: 926.052
recon: 928.827
recon: 920.635
recon: 952.964
recon: 919.319
recon: 919.144
recon: 893.058
recon: 892.015
Epoch: 246/500, train loss: 920.219

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34260053408270214
nmi: 0.7065102242533178
sc: 0.22477382
recon: 920.746
recon: 923.790
recon: 907.404
recon: 930.897
recon: 905.937
recon: 956.531
recon: 907.996
recon: 921.984
recon: 908.323
recon: 894.602
recon: 932.797
recon: 920.407
recon: 885.945
recon: 938.252
recon: 959.770
recon: 925.991
recon: 932.854
Epoch: 247/500, train loss: 922.013

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3317589208889547
nmi: 0.6998794517154533
sc: 0.21874486
recon: 900.850
recon: 943.951
recon: 955.303
recon: 910.316
recon: 904.129
recon: 909.612
recon: 903.650
recon: 920.999
recon: 968.009
recon: 916.826
recon: 896.297
recon: 896.625
recon: 940.643
recon: 946.143
recon: 933.057
recon: 876.929
recon: 931.803
Epoch: 248/500, train loss: 920.891

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3429743167476699
nmi: 0.7066441796789141
sc: 0.22621387
recon: 914.495
recon: 921.023
recon: 918.935
recon: 919.430
recon: 941.057
recon: 934.956
recon: 932.415
recon: 920.419
recon: 903.539
recon: 903.055
recon: 921.278
recon: 896.415
recon: 948.309
recon: 922.570
recon: 913.657
recon: 922.922
recon: 919.992
Epoch: 249/500, train loss: 920.851

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34420150125201454
nmi: 0.7069712179260138
sc: 0.22596449
recon: 892.480
recon: 940.113
recon: 880.379
recon: 900.143
recon: 919.534
recon: 952.650
recon: 924.698
recon: 924.784
recon: 937.574
recon: 890.203
recon: 937.958
recon: 919.015
recon: 910.496
recon: 943.841
recon: 930.834
recon: 912.901
recon: 928.510
Epoch: 250/500, train loss: 920.360

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34214592954442635
nmi: 0.7030966875218494
sc: 0.2236936
recon: 913.838
recon: 915.106
recon: 920.987
recon: 949.136
recon: 937.058
recon: 908.268
recon: 921.877
recon: 903.016
recon: 878.778
recon: 928.068
recon: 927.999
recon: 932.306
recon: 929.621
recon: 956.748
recon: 895.252
recon: 893.653
recon: 927.286
Epoch: 251/500, train loss: 919.941

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3427756859659247
nmi: 0.7071834237848984
sc: 0.22133848
recon: 909.547
recon: 905.720
recon: 896.232
recon: 904.940
recon: 981.115
recon: 941.453
recon: 940.018
recon: 943.785
recon: 903.019
recon: 902.152
recon: 916.067
recon: 869.021
recon: 926.142
recon: 937.142
recon: 901.974
recon: 935.250
recon: 937.412
Epoch: 252/500, train loss: 920.646

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3436517648006244
nmi: 0.7040573658244395
sc: 0.22112677
recon: 905.656
recon: 922.290
recon: 923.735
recon: 928.741
recon: 937.446
recon: 920.981
recon: 909.071
recon: 946.220
recon: 925.158
recon: 889.803
recon: 887.746
recon: 936.071
recon: 890.247
recon: 926.661
recon: 903.255
recon: 936.353
recon: 935.233
Epoch: 253/500, train loss: 919.098

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3441289022880368
nmi: 0.7046089621983757
sc: 0.21945098
recon: 913.240
recon: 964.332
recon: 887.955
recon: 877.367
recon: 946.230
recon: 883.986
recon: 904.411
recon: 882.224
recon: 951.106
recon: 905.119
recon: 941.693
recon: 931.284
recon: 933.301
recon: 933.519
recon: 948.001
recon: 901.126
recon: 894.730
Epoch: 254/500, train loss: 917.625

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3448602074198268
nmi: 0.7094621640111626
sc: 0.2215659
recon: 898.634
recon: 905.185
recon: 918.067
recon: 950.396
recon: 902.122
recon: 905.142
recon: 944.730
recon: 898.377
recon: 959.560
recon: 896.808
recon: 920.666
recon: 928.670
recon: 936.852
recon: 927.528
recon: 917.714
recon: 914.947
recon: 930.937
Epoch: 255/500, train loss: 920.961

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34268321391096196
nmi: 0.7082111328138707
sc: 0.22040546
recon: 925.087
recon: 911.065
recon: 931.989
recon: 938.287
recon: 908.299
recon: 911.830
recon: 930.955
recon: 889.973
recon: 860.176
recon: 877.371
recon: 917.470
recon: 902.696
recon: 936.930
recon: 960.609
recon: 970.434
recon: 936.499
recon: 916.069
Epoch: 256/500, train loss: 919.161

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3405154315275745
nmi: 0.702634020220597
sc: 0.21991663
recon: 899.701
recon: 887.048
recon: 906.177
recon: 920.232
recon: 899.877
recon: 911.205
recon: 947.721
recon: 953.729
recon: 945.326
recon: 911.509
recon: 890.163
recon: 940.744
recon: 878.441
recon: 955.944
recon: 916.825
recon: 930.044
recon: 900.345
Epoch: 257/500, train loss: 917.355

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34157114756146123
nmi: 0.7029354495818425
sc: 0.22199902
recon: 938.633
recon: 915.392
recon: 899.187
recon: 903.194
recon: 873.422
recon: 906.550
recon: 963.262
recon: 888.762
recon: 923.483
recon: 927.269
recon: 895.125
recon: 942.523
recon: 919.249
recon: 923.330
recon: 966.059
recon: 917.355
recon: 916.413
Epoch: 258/500, train loss: 918.777

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34495409892944856
nmi: 0.7080841461774061
sc: 0.22211525
recon: 920.317
recon: 940.985
recon: 904.057
recon: 921.324
recon: 898.700
recon: 908.516
recon: 914.295
recon: 927.429
recon: 919.287
recon: 929.053
recon: 909.174
recon: 905.310
recon: 894.575
recon: 949.891
recon: 910.172
recon: 953.413
recon: 923.295
Epoch: 259/500, train loss: 919.400

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35072420486143674
nmi: 0.7112640314466189
sc: 0.2268844
recon: 934.121
recon: 897.890
recon: 915.536
recon: 921.816
recon: 887.771
recon: 946.401
recon: 949.064
recon: 945.237
recon: 920.492
recon: 924.340
recon: 888.359
recon: 892.017
recon: 930.866
recon: 921.367
recon: 933.390
recon: 905.388
recon: 934.660
Epoch: 260/500, train loss: 920.513

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33203649936764035
nmi: 0.7006718306822189
sc: 0.21655972
recon: 936.929
recon: 963.472
recon: 931.557
recon: 869.467
recon: 906.064
recon: 938.760
recon: 940.761
recon: 953.813
recon: 922.282
recon: 894.876
recon: 914.760
recon: 903.714
recon: 902.068
recon: 879.106
recon: 903.404
recon: 913.537
recon: 941.271
Epoch: 261/500, train loss: 918.579

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3436987083427567
nmi: 0.7077588085466492
sc: 0.21856941
recon: 929.468
recon: 900.319
recon: 894.950
recon: 922.032
recon: 941.724
recon: 933.711
recon: 905.355
recon: 903.529
recon: 905.887
recon: 895.472
recon: 930.583
recon: 925.389
recon: 927.876
recon: 914.418
recon: 913.651
recon: 952.535
recon: 903.174
Epoch: 262/500, train loss: 917.651

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3252559389111385
nmi: 0.6979239655459063
sc: 0.21090764
recon: 910.819
recon: 929.493
recon: 929.496
recon: 912.500
recon: 921.382
recon: 875.877
recon: 897.403
recon: 895.515
recon: 946.889
recon: 942.532
recon: 975.815
recon: 913.871
recon: 894.262
recon: 874.254
recon: 958.337
recon: 910.667
recon: 915.309
Epoch: 263/500, train loss: 917.907

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3293061007796865
nmi: 0.698671113302814
sc: 0.21111695
recon: 888.679
recon: 921.341
recon: 928.163
recon: 955.493
recon: 894.178
recon: 937.981
recon: 911.439
recon: 891.400
recon: 920.366
recon: 919.755
recon: 910.553
recon: 882.844
recon: 918.650
recon: 908.322
recon: 976.624
recon: 904.208
recon: 916.530
Epoch: 264/500, train loss: 916.854

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31786405431879694
nmi: 0.6972222795071176
sc: 0.20736974
recon: 914.332
recon: 897.898
recon: 947.971
recon: 921.575
recon: 934.094
recon: 915.946
recon: 930.659
recon: 941.899
recon: 900.642
recon: 886.750
recon: 913.637
recon: 904.764
recon: 954.378
recon: 879.805
recon: 917.029
recon: 913.350
recon: 910.991
Epoch: 265/500, train loss: 916.807

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3253796827532314
nmi: 0.6955511590608339
sc: 0.20834468
recon: 929.458
recon: 889.928
recon: 940.237
recon: 887.449
recon: 945.689
recon: 918.055
recon: 894.253
recon: 934.291
recon: 934.741
recon: 918.258
recon: 896.187
recon: 977.977
recon: 881.381
recon: 900.118
recon: 879.256
recon: 943.948
recon: 920.497
Epoch: 266/500, train loss: 917.160

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35885948195952383
nmi: 0.7090444348818852
sc: 0.21544062
recon: 925.667
recon: 915.323
recon: 898.218
recon: 900.277
recon: 933.313
recon: 968.531
recon: 970.488
recon: 902.244
recon: 914.981
recon: 899.870
recon: 904.666
recon: 908.189
recon: 905.827
recon: 926.296
recon: 903.507
recon: 892.964
recon: 857.647
Epoch: 267/500, train loss: 913.412

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34320425407701427
nmi: 0.7072175813827586
sc: 0.21673562
recon: 900.080
recon: 916.704
recon: 887.125
recon: 919.194
recon: 911.502
recon: 893.341
recon: 914.897
recon: 913.518
recon: 928.899
recon: 959.680
recon: 956.257
recon: 907.118
recon: 930.408
recon: 875.980
recon: 913.300
recon: 915.597
recon: 958.446
Epoch: 268/500, train loss: 917.767

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3427838279453017
nmi: 0.7072390117219571
sc: 0.21596113
recon: 929.265
recon: 896.869
recon: 912.195
recon: 881.830
recon: 886.104
recon: 911.156
recon: 930.076
recon: 916.856
recon: 913.552
recon: 926.639
recon: 925.102
recon: 940.214
recon: 918.105
recon: 901.930
recon: 947.179
recon: 926.935
recon: 881.202
Epoch: 269/500, train loss: 914.424

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34361761690691367
nmi: 0.7067524917961266
sc: 0.22052617
recon: 896.703
recon: 900.750
recon: 914.979
recon: 881.902
recon: 925.612
recon: 903.349
recon: 896.600
recon: 907.913
recon: 929.198
recon: 880.801
recon: 912.793
recon: 913.951
recon: 927.314
recon: 926.467
recon: 950.596
recon: 971.191
recon: 900.375
Epoch: 270/500, train loss: 914.147

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3289143331117997
nmi: 0.6959878534481593
sc: 0.20715617
recon: 927.140
recon: 876.250
recon: 943.456
recon: 924.337
recon: 927.737
recon: 893.490
recon: 931.459
recon: 900.726
recon: 898.675
recon: 922.419
recon: 953.809
recon: 915.248
recon: 930.562
recon: 871.123
recon: 902.214
recon: 910.993
recon: 909.621
Epoch: 271/500, train loss: 914.074

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3438479948865319
nmi: 0.7077794528861137
sc: 0.21932508
recon: 907.185
recon: 935.734
recon: 916.809
recon: 903.741
recon: 922.323
recon: 903.069
recon: 932.917
recon: 929.284
recon: 915.583
recon: 897.102
recon: 897.930
recon: 935.258
recon: 882.469
recon: 940.798
recon: 906.394
recon: 925.797
recon: 915.170
Epoch: 272/500, train loss: 915.739

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3288543003873664
nmi: 0.6979766633912015
sc: 0.21176518
recon: 923.177
recon: 907.475
recon: 922.686
recon: 909.824
recon: 914.053
recon: 907.116
recon: 930.663
recon: 909.801
recon: 918.922
recon: 901.400
recon: 892.674
recon: 949.656
recon: 915.153
recon: 928.440
recon: 901.992
recon: 908.857
recon: 912.101
Epoch: 273/500, train loss: 914.941

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3154784643436641
nmi: 0.6909232406408429
sc: 0.19225794
recon: 954.133
recon: 884.402
recon: 887.699
recon: 901.777
recon: 905.563
recon: 910.812
recon: 892.233
recon: 918.145
recon: 912.471
recon: 887.086
recon: 930.160
recon: 914.354
recon: 958.304
recon: 911.262
recon: 958.605
recon: 917.327
recon: 921.448
Epoch: 274/500, train loss: 915.634

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3193514212302416
nmi: 0.6954565417568015
sc: 0.20590357
recon: 925.247
recon: 911.132
recon: 929.274
recon: 942.659
recon: 934.852
recon: 894.020
recon: 874.879
recon: 925.490
recon: 900.723
recon: 882.416
recon: 933.753
recon: 945.981
recon: 920.162
recon: 908.283
recon: 930.162
recon: 900.769
recon: 905.037
Epoch: 275/500, train loss: 915.579

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.29320392911049525
nmi: 0.6872120596206773
sc: 0.19246688
recon: 908.003
recon: 943.077
recon: 895.895
recon: 918.874
recon: 904.588
recon: 920.821
recon: 908.933
recon: 922.010
recon: 923.831
recon: 920.945
recon: 956.074
recon: 883.550
recon: 911.340
recon: 921.952
recon: 915.910
recon: 868.813
recon: 923.728
Epoch: 276/500, train loss: 914.609

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3443124438244585
nmi: 0.7039497668037193
sc: 0.22001384
recon: 916.739
recon: 931.198
recon: 913.315
recon: 949.094
recon: 895.547
recon: 876.347
recon: 903.932
recon: 930.419
recon: 864.804
recon: 885.994
recon: 971.457
recon: 935.527
recon: 940.880
recon: 938.201
recon: 890.135
recon: 903.167
recon: 939.987
Epoch: 277/500, train loss: 916.867

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34381203289586826
nmi: 0.7073482713171766
sc: 0.21619146
recon: 929.526
recon: 939.513
recon: 926.821
recon: 894.428
recon: 907.566
recon: 919.166
recon: 874.056
recon: 904.560
recon: 901.245
recon: 931.333
recon: 924.493
recon: 894.005
recon: 954.236
recon: 909.041
recon: 893.786
recon: 912.831
recon: 923.816
Epoch: 278/500, train loss: 914.142

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3221563279168023
nmi: 0.6963044323558393
sc: 0.21106091
recon: 910.644
recon: 892.687
recon: 891.090
recon: 908.115
recon: 881.621
recon: 910.494
recon: 939.733
recon: 934.041
recon: 889.960
recon: 922.891
recon: 910.331
recon: 931.435
recon: 910.785
recon: 920.733
recon: 926.926
recon: 930.879
recon: 910.898
Epoch: 279/500, train loss: 913.133

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35978271397108136
nmi: 0.7098293976197629
sc: 0.210863
recon: 917.294
recon: 885.861
recon: 903.600
recon: 927.173
recon: 932.652
recon: 894.263
recon: 909.666
recon: 922.518
recon: 924.952
recon: 898.686
recon: 911.307
recon: 957.271
recon: 948.459
recon: 912.050
recon: 882.412
recon: 906.745
recon: 938.141
Epoch: 280/500, train loss: 916.062

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.32599514053671463
nmi: 0.7013273992661164
sc: 0.20825721
recon: 946.137
recon: 895.265
recon: 898.286
recon: 908.427
recon: 873.010
recon: 959.275
recon: 908.616
recon: 922.317
recon: 943.210
recon: 922.448
recon: 891.266
recon: 885.963
recon: 920.484
recon: 921.842
recon: 908.755
recon: 908.443
recon: 902.358
Epoch: 281/500, train loss: 912.712

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34457624447382496
nmi: 0.7080424716460922
sc: 0.21533798
recon: 906.465
recon: 934.853
recon: 917.336
recon: 901.443
recon: 911.589
recon: 917.739
recon: 921.952
recon: 906.317
recon: 896.212
recon: 924.289
recon: 918.717
recon: 921.032
recon: 895.099
recon: 864.312
recon: 954.789
recon: 913.630
recon: 894.780
Epoch: 282/500, train loss: 911.797

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3424077946545746
nmi: 0.7070528531747707
sc: 0.21786341
recon: 887.864
recon: 916.070
recon: 878.921
recon: 929.544
recon: 897.114
recon: 885.737
recon: 923.237
recon: 931.844
recon: 932.108
recon: 928.829
recon: 919.059
recon: 932.624
recon: 935.624
recon: 894.622
recon: 918.017
recon: 915.834
recon: 894.987
Epoch: 283/500, train loss: 913.061

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.30774564219097783
nmi: 0.6897363206404231
sc: 0.18876244
recon: 925.503
recon: 905.737
recon: 915.017
recon: 929.215
recon: 924.771
recon: 894.326
recon: 902.768
recon: 903.773
recon: 920.668
recon: 877.557
recon: 932.334
recon: 906.379
recon: 912.094
recon: 892.607
recon: 901.432
recon: 943.424
recon: 929.169
Epoch: 284/500, train loss: 912.751

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.318974910388273
nmi: 0.697448201832937
sc: 0.19982018
recon: 905.476
recon: 916.928
recon: 921.739
recon: 928.143
recon: 891.257
recon: 880.728
recon: 919.581
recon: 914.883
recon: 904.026
recon: 952.729
recon: 928.155
recon: 956.760
recon: 869.995
recon: 910.913
recon: 911.652
recon: 903.561
recon: 923.386
Epoch: 285/500, train loss: 914.112

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3406241906641429
nmi: 0.7082429423050267
sc: 0.21197246
recon: 916.967
recon: 901.486
recon: 904.335
recon: 896.216
recon: 947.047
recon: 907.170
recon: 937.803
recon: 898.423
recon: 889.887
recon: 957.576
recon: 908.867
recon: 911.870
recon: 921.967
recon: 883.570
recon: 919.509
recon: 920.818
recon: 933.196
Epoch: 286/500, train loss: 915.100

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3176067853864023
nmi: 0.6925444211627347
sc: 0.20883344
recon: 917.774
recon: 902.357
recon: 952.285
recon: 894.180
recon: 882.872
recon: 906.975
recon: 914.836
recon: 908.857
recon: 933.583
recon: 899.003
recon: 912.931
recon: 906.081
recon: 889.543
recon: 920.422
recon: 934.472
recon: 928.888
recon: 949.844
Epoch: 287/500, train loss: 914.994

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3394889374085223
nmi: 0.7060389637977584
sc: 0.21048121
recon: 918.487
recon: 908.303
recon: 891.917
recon: 912.737
recon: 929.723
recon: 896.939
recon: 888.264
recon: 939.178
recon: 902.465
recon: 941.057
recon: 931.522
recon: 863.296
recon: 903.559
recon: 908.708
recon: 947.918
recon: 906.730
recon: 917.089
Epoch: 288/500, train loss: 912.229

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33675737445947035
nmi: 0.7034402061013144
sc: 0.20861033
recon: 882.308
recon: 901.561
recon: 902.964
recon: 935.345
recon: 922.898
recon: 912.491
recon: 958.020
recon: 899.791
recon: 943.247
recon: 893.837
recon: 932.160
recon: 864.637
recon: 912.372
recon: 893.075
recon: 918.411
recon: 919.211
recon: 918.802
Epoch: 289/500, train loss: 912.419

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3434215432973243
nmi: 0.7082887124230101
sc: 0.21332388
recon: 888.789
recon: 889.134
recon: 900.318
recon: 922.387
recon: 868.910
recon: 908.742
recon: 910.310
recon: 906.580
recon: 925.602
recon: 930.894
recon: 919.552
recon: 923.115
recon: 930.627
recon: 923.099
recon: 902.249
recon: 940.302
recon: 971.896
Epoch: 290/500, train loss: 915.441

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34273764940771634
nmi: 0.7044025812195976
sc: 0.21008034
recon: 881.899
recon: 934.445
recon: 942.290
recon: 925.883
recon: 908.495
recon: 913.153
recon: 921.631
recon: 888.774
recon: 923.229
recon: 891.884
recon: 890.169
recon: 941.072
recon: 907.250
recon: 933.525
recon: 858.794
recon: 931.311
recon: 905.375
Epoch: 291/500, train loss: 911.716

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.310513250505103
nmi: 0.6855266252180096
sc: 0.1920285
recon: 903.012
recon: 896.300
recon: 915.392
recon: 898.817
recon: 978.270
recon: 919.464
recon: 898.792
recon: 909.196
recon: 909.286
recon: 903.337
recon: 874.136
recon: 921.217
recon: 926.497
recon: 902.306
recon: 911.717
recon: 914.724
recon: 925.979
Epoch: 292/500, train loss: 912.261

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3245052186723078
nmi: 0.6976527025517827
sc: 0.20729214
recon: 933.372
recon: 914.436
recon: 911.167
recon: 887.990
recon: 891.888
recon: 896.647
recon: 913.268
recon: 933.622
recon: 943.924
recon: 895.110
recon: 933.106
recon: 913.864
recon: 923.494
recon: 878.880
recon: 901.856
recon: 909.045
recon: 888.576
Epoch: 293/500, train loss: 910.014

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33666878058574945
nmi: 0.6976942788210786
sc: 0.20658109
recon: 924.919
recon: 923.146
recon: 902.638
recon: 915.428
recon: 920.247
recon: 894.645
recon: 887.589
recon: 916.706
recon: 915.628
recon: 897.535
recon: 913.370
recon: 897.349
recon: 927.329
recon: 934.419
recon: 891.668
recon: 921.546
recon: 916.252
Epoch: 294/500, train loss: 911.789

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3446287071495919
nmi: 0.703093041840796
sc: 0.2093905
recon: 929.042
recon: 937.193
recon: 892.601
recon: 891.753
recon: 875.319
recon: 905.316
recon: 937.447
recon: 918.641
recon: 939.599
recon: 914.483
recon: 853.913
recon: 907.718
recon: 909.282
recon: 912.789
recon: 914.670
recon: 940.120
recon: 943.506
Epoch: 295/500, train loss: 913.141

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3279245348295575
nmi: 0.7014753814161523
sc: 0.2080958
recon: 868.277
recon: 925.680
recon: 916.153
recon: 920.961
recon: 894.546
recon: 903.199
recon: 900.926
recon: 903.994
recon: 938.162
recon: 894.927
recon: 913.612
recon: 942.486
recon: 915.488
recon: 922.026
recon: 912.188
recon: 905.345
recon: 901.088
Epoch: 296/500, train loss: 910.533

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3462056610444026
nmi: 0.7083019181008411
sc: 0.20974754
recon: 875.258
recon: 912.350
recon: 912.679
recon: 951.081
recon: 954.276
recon: 893.994
recon: 916.391
recon: 921.832
recon: 902.913
recon: 872.880
recon: 923.534
recon: 925.927
recon: 875.413
recon: 936.499
recon: 936.065
recon: 863.960
recon: 920.757
Epoch: 297/500, train loss: 911.518

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3174444993803492
nmi: 0.693092457553732
sc: 0.20185664
recon: 930.868
recon: 928.806
recon: 905.046
recon: 908.188
recon: 922.396
recon: 901.815
recon: 903.737
recon: 959.284
recon: 890.724
recon: 884.041
recon: 912.215
recon: 869.834
recon: 889.426
recon: 924.981
recon: 911.452
recon: 919.064
recon: 915.829
Epoch: 298/500, train loss: 910.453

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.31298729568090794
nmi: 0.6909413686169164
sc: 0.19282761
recon: 910.409
recon: 918.256
recon: 902.974
recon: 917.732
recon: 932.034
recon: 889.360
recon: 926.783
recon: 907.441
recon: 900.791
recon: 927.767
recon: 920.138
recon: 907.639
recon: 917.986
recon: 900.434
recon: 884.096
recon: 889.678
recon: 890.439
Epoch: 299/500, train loss: 908.468

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33791816149570153
nmi: 0.7035698341933834
sc: 0.21243744
recon: 907.237
recon: 887.630
recon: 886.161
recon: 910.206
recon: 911.339
recon: 906.836
recon: 935.693
recon: 901.083
recon: 920.034
recon: 909.164
recon: 956.428
recon: 910.698
recon: 896.511
recon: 914.858
recon: 903.703
recon: 896.668
recon: 962.885
Epoch: 300/500, train loss: 912.773

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3429933928788784
nmi: 0.7056475681867567
sc: 0.20647569
recon: 937.781
recon: 900.234
recon: 922.850
recon: 906.797
recon: 925.122
recon: 922.792
recon: 893.970
recon: 859.796
recon: 901.690
recon: 946.328
recon: 897.205
recon: 896.456
recon: 926.764
recon: 918.848
recon: 912.063
recon: 884.099
recon: 883.784
Epoch: 301/500, train loss: 908.034

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.29740214037997237
nmi: 0.6846404309484887
sc: 0.18915108
recon: 897.176	lossdp: 23.328
recon: 894.200	lossdp: 22.735
recon: 916.551	lossdp: 22.753
recon: 922.133	lossdp: 22.198
recon: 913.848	lossdp: 22.646
recon: 908.995	lossdp: 21.928
recon: 891.914	lossdp: 21.728
recon: 918.981	lossdp: 21.975
recon: 911.522	lossdp: 22.039
recon: 930.320	lossdp: 21.703
recon: 908.351	lossdp: 21.867
recon: 867.179	lossdp: 21.508
recon: 921.933	lossdp: 21.507
recon: 921.531	lossdp: 21.769
recon: 884.312	lossdp: 19.966
recon: 942.585	lossdp: 21.414
recon: 913.456	lossdp: 21.189
Epoch: 302/500, train loss: 931.602

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3438653596852081
nmi: 0.7035950763209825
sc: 0.20746234
recon: 931.428	lossdp: 21.056
recon: 889.322	lossdp: 20.006
recon: 918.644	lossdp: 21.185
recon: 923.017	lossdp: 20.183
recon: 887.757	lossdp: 20.172
recon: 924.394	lossdp: 20.297
recon: 910.699	lossdp: 18.924
recon: 879.732	lossdp: 19.625
recon: 876.724	lossdp: 19.023
recon: 928.698	lossdp: 19.382
recon: 905.714	lossdp: 18.509
recon: 907.091	lossdp: 19.170
recon: 949.535	lossdp: 18.861
recon: 867.448	lossdp: 18.051
recon: 901.531	lossdp: 18.144
recon: 953.395	lossdp: 18.444
recon: 927.882	lossdp: 18.169
Epoch: 303/500, train loss: 930.130

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.34581487732632127
nmi: 0.7073073531765046
sc: 0.21582647
recon: 906.581	lossdp: 18.761
recon: 892.464	lossdp: 17.639
recon: 869.064	lossdp: 17.182
recon: 925.514	lossdp: 18.191
recon: 907.213	lossdp: 17.043
recon: 916.987	lossdp: 17.369
recon: 900.376	lossdp: 16.540
recon: 904.189	lossdp: 16.785
recon: 914.973	lossdp: 17.169
recon: 937.905	lossdp: 17.003
recon: 908.115	lossdp: 16.167
recon: 926.465	lossdp: 16.904
recon: 908.260	lossdp: 15.765
recon: 885.405	lossdp: 15.584
recon: 907.885	lossdp: 15.605
recon: 964.989	lossdp: 16.176
recon: 925.124	lossdp: 15.837
Epoch: 304/500, train loss: 928.661

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3658451031681714
nmi: 0.7147164604110979
sc: 0.21302979
recon: 922.848	lossdp: 16.642
recon: 897.163	lossdp: 15.458
recon: 933.855	lossdp: 16.038
recon: 905.502	lossdp: 15.499
recon: 907.409	lossdp: 14.730
recon: 915.129	lossdp: 14.773
recon: 911.633	lossdp: 14.806
recon: 933.970	lossdp: 15.106
recon: 930.969	lossdp: 15.602
recon: 903.701	lossdp: 13.933
recon: 939.687	lossdp: 14.519
recon: 877.317	lossdp: 13.064
recon: 886.456	lossdp: 14.149
recon: 883.956	lossdp: 12.915
recon: 929.431	lossdp: 13.432
recon: 879.967	lossdp: 12.624
recon: 932.955	lossdp: 12.970
Epoch: 305/500, train loss: 925.777

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3302944893473106
nmi: 0.698173641877656
sc: 0.20359328
recon: 918.456	lossdp: 13.056
recon: 918.891	lossdp: 13.000
recon: 888.427	lossdp: 12.761
recon: 914.325	lossdp: 12.814
recon: 876.847	lossdp: 12.459
recon: 943.430	lossdp: 12.783
recon: 912.507	lossdp: 12.100
recon: 919.871	lossdp: 11.651
recon: 917.460	lossdp: 11.349
recon: 893.652	lossdp: 11.367
recon: 924.490	lossdp: 12.194
recon: 926.945	lossdp: 11.529
recon: 903.575	lossdp: 10.663
recon: 925.709	lossdp: 11.261
recon: 898.541	lossdp: 10.617
recon: 914.933	lossdp: 9.926
recon: 929.413	lossdp: 11.235
Epoch: 306/500, train loss: 925.190

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3294157701124973
nmi: 0.6980391268321132
sc: 0.20103104
recon: 950.879	lossdp: 11.990
recon: 908.350	lossdp: 10.008
recon: 870.559	lossdp: 10.079
recon: 936.258	lossdp: 10.647
recon: 933.995	lossdp: 10.109
recon: 931.501	lossdp: 9.933
recon: 894.184	lossdp: 10.107
recon: 902.643	lossdp: 9.215
recon: 917.133	lossdp: 9.679
recon: 922.001	lossdp: 9.334
recon: 929.326	lossdp: 8.855
recon: 921.699	lossdp: 8.992
recon: 884.237	lossdp: 6.476
recon: 885.504	lossdp: 8.210
recon: 903.884	lossdp: 8.530
recon: 903.289	lossdp: 8.461
recon: 939.188	lossdp: 8.923
Epoch: 307/500, train loss: 923.187

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.33103230873586215
nmi: 0.698083518417085
sc: 0.19865079
recon: 882.004	lossdp: 8.173
recon: 932.783	lossdp: 8.791
recon: 878.097	lossdp: 7.702
recon: 941.931	lossdp: 8.160
recon: 925.387	lossdp: 8.901
recon: 916.887	lossdp: 6.984
recon: 928.390	lossdp: 7.929
recon: 893.782	lossdp: 5.721
recon: 932.644	lossdp: 6.644
recon: 906.636	lossdp: 5.462
recon: 911.334	lossdp: 6.377
recon: 928.712	lossdp: 6.717
recon: 911.937	lossdp: 5.339
recon: 927.225	lossdp: 5.965
recon: 903.313	lossdp: 5.142
recon: 905.604	lossdp: 5.204
recon: 889.113	lossdp: 4.645
Epoch: 308/500, train loss: 919.390

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.32783694779440214
nmi: 0.6931699574750548
sc: 0.19444495
recon: 931.112	lossdp: 6.025
recon: 898.191	lossdp: 5.914
recon: 915.146	lossdp: 5.178
recon: 873.177	lossdp: 5.256
recon: 892.760	lossdp: 5.302
recon: 882.512	lossdp: 5.328
recon: 918.309	lossdp: 5.680
recon: 951.740	lossdp: 5.522
recon: 884.536	lossdp: 4.033
recon: 882.625	lossdp: 3.237
recon: 921.469	lossdp: 3.765
recon: 920.088	lossdp: 3.080
recon: 899.245	lossdp: 2.698
recon: 969.053	lossdp: 4.367
recon: 924.544	lossdp: 3.215
recon: 956.438	lossdp: 4.297
recon: 921.495	lossdp: 3.769
Epoch: 309/500, train loss: 918.771

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3859425584443268
nmi: 0.7214450977719449
sc: 0.20950265
recon: 910.933	lossdp: 3.124
recon: 935.451	lossdp: 4.025
recon: 933.091	lossdp: 3.413
recon: 903.571	lossdp: 3.233
recon: 895.304	lossdp: 2.930
recon: 923.173	lossdp: 2.745
recon: 896.726	lossdp: 1.511
recon: 934.963	lossdp: 2.563
recon: 919.538	lossdp: 2.466
recon: 903.726	lossdp: 1.693
recon: 914.193	lossdp: 1.246
recon: 885.912	lossdp: 1.248
recon: 896.234	lossdp: 0.406
recon: 923.822	lossdp: 0.461
recon: 906.492	lossdp: 0.779
recon: 957.355	lossdp: 1.777
recon: 943.028	lossdp: 1.014
Epoch: 310/500, train loss: 918.714

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3583646640174846
nmi: 0.7043004218430513
sc: 0.1918642
recon: 897.518	lossdp: 1.810
recon: 892.874	lossdp: 0.707
recon: 939.391	lossdp: 2.211
recon: 936.291	lossdp: 1.128
recon: 909.324	lossdp: 0.897
recon: 927.589	lossdp: -0.320
recon: 930.667	lossdp: -0.064
recon: 880.754	lossdp: -1.151
recon: 912.404	lossdp: -0.651
recon: 937.746	lossdp: -1.663
recon: 905.503	lossdp: -0.389
recon: 910.375	lossdp: -1.305
recon: 929.234	lossdp: -1.036
recon: 933.589	lossdp: -2.315
recon: 902.634	lossdp: -1.489
recon: 903.771	lossdp: -2.485
recon: 919.629	lossdp: -2.128
Epoch: 311/500, train loss: 915.356

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.35946715887655556
nmi: 0.703318799896636
sc: 0.19933975
recon: 874.121	lossdp: -1.100
recon: 910.938	lossdp: -1.698
recon: 898.159	lossdp: -0.691
recon: 919.914	lossdp: -1.423
recon: 905.283	lossdp: -2.403
recon: 934.374	lossdp: -1.599
recon: 934.068	lossdp: -3.027
recon: 923.998	lossdp: -2.753
recon: 930.090	lossdp: -2.616
recon: 915.772	lossdp: -3.208
recon: 911.835	lossdp: -3.216
recon: 901.510	lossdp: -3.349
recon: 902.292	lossdp: -3.851
recon: 929.677	lossdp: -3.502
recon: 938.260	lossdp: -3.678
recon: 927.173	lossdp: -3.440
recon: 904.180	lossdp: -3.435
Epoch: 312/500, train loss: 912.744

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38436602284116805
nmi: 0.720806532937026
sc: 0.20314714
recon: 930.544	lossdp: -2.623
recon: 928.196	lossdp: -2.731
recon: 917.899	lossdp: -3.706
recon: 929.144	lossdp: -3.658
recon: 895.074	lossdp: -4.528
recon: 932.478	lossdp: -4.340
recon: 872.611	lossdp: -5.330
recon: 923.101	lossdp: -3.965
recon: 941.491	lossdp: -4.503
recon: 921.627	lossdp: -3.168
recon: 894.613	lossdp: -6.476
recon: 872.167	lossdp: -5.556
recon: 907.887	lossdp: -5.197
recon: 923.346	lossdp: -6.927
recon: 919.243	lossdp: -6.801
recon: 947.693	lossdp: -6.436
recon: 911.609	lossdp: -7.202
Epoch: 313/500, train loss: 910.916

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38749181919951603
nmi: 0.7199369655102079
sc: 0.20497893
recon: 883.216	lossdp: -6.459
recon: 874.222	lossdp: -4.709
recon: 930.344	lossdp: -6.378
recon: 905.194	lossdp: -6.425
recon: 921.457	lossdp: -7.041
recon: 886.474	lossdp: -6.220
recon: 961.334	lossdp: -4.602
recon: 902.334	lossdp: -7.607
recon: 913.005	lossdp: -7.168
recon: 906.476	lossdp: -6.177
recon: 922.549	lossdp: -6.804
recon: 973.987	lossdp: -6.469
recon: 901.365	lossdp: -8.525
recon: 944.909	lossdp: -7.847
recon: 931.375	lossdp: -10.518
recon: 920.160	lossdp: -8.682
recon: 898.569	lossdp: -8.941
Epoch: 314/500, train loss: 909.200

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3875551417045437
nmi: 0.7202828567534716
sc: 0.20343512
recon: 885.443	lossdp: -8.074
recon: 923.822	lossdp: -7.421
recon: 902.550	lossdp: -8.535
recon: 907.583	lossdp: -7.659
recon: 935.650	lossdp: -8.079
recon: 889.140	lossdp: -9.335
recon: 916.429	lossdp: -7.680
recon: 913.308	lossdp: -8.276
recon: 877.189	lossdp: -9.995
recon: 906.697	lossdp: -9.998
recon: 913.319	lossdp: -9.331
recon: 917.635	lossdp: -11.055
recon: 932.831	lossdp: -8.020
recon: 926.531	lossdp: -10.010
recon: 986.702	lossdp: -8.423
recon: 943.353	lossdp: -9.348
recon: 889.527	lossdp: -12.045
Epoch: 315/500, train loss: 906.731

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38823562806666434
nmi: 0.7169429308555073
sc: 0.19671476
recon: 904.238	lossdp: -9.488
recon: 920.996	lossdp: -9.446
recon: 920.584	lossdp: -8.444
recon: 928.772	lossdp: -9.503
recon: 917.729	lossdp: -10.850
recon: 931.237	lossdp: -10.633
recon: 919.400	lossdp: -10.481
recon: 893.435	lossdp: -11.521
recon: 956.924	lossdp: -9.915
recon: 912.377	lossdp: -11.769
recon: 906.419	lossdp: -10.624
recon: 900.614	lossdp: -11.607
recon: 939.882	lossdp: -11.344
recon: 883.043	lossdp: -12.041
recon: 917.602	lossdp: -12.557
recon: 927.859	lossdp: -12.684
recon: 924.082	lossdp: -12.634
Epoch: 316/500, train loss: 907.038

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.41017137823780014
nmi: 0.7291558626617204
sc: 0.20577382
recon: 862.360	lossdp: -13.359
recon: 925.339	lossdp: -11.140
recon: 934.666	lossdp: -11.206
recon: 928.670	lossdp: -11.721
recon: 904.792	lossdp: -12.857
recon: 987.941	lossdp: -11.409
recon: 876.940	lossdp: -13.525
recon: 899.667	lossdp: -14.345
recon: 908.300	lossdp: -13.011
recon: 933.369	lossdp: -12.180
recon: 941.763	lossdp: -14.438
recon: 902.593	lossdp: -15.144
recon: 924.887	lossdp: -13.885
recon: 925.269	lossdp: -15.436
recon: 957.986	lossdp: -14.383
recon: 906.293	lossdp: -14.865
recon: 918.763	lossdp: -14.361
Epoch: 317/500, train loss: 906.608

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.38313806754169255
nmi: 0.712792889817879
sc: 0.20152575
recon: 905.078	lossdp: -14.319
recon: 877.177	lossdp: -14.969
recon: 916.505	lossdp: -13.673
recon: 933.862	lossdp: -13.449
recon: 924.018	lossdp: -12.654
recon: 949.208	lossdp: -14.388
recon: 903.501	lossdp: -16.663
recon: 886.937	lossdp: -17.930
recon: 894.953	lossdp: -15.696
recon: 950.924	lossdp: -14.492
recon: 931.410	lossdp: -16.366
recon: 941.531	lossdp: -15.112
recon: 937.473	lossdp: -15.359
recon: 918.055	lossdp: -14.311
recon: 891.014	lossdp: -17.068
recon: 925.337	lossdp: -15.952
recon: 924.845	lossdp: -16.341
Epoch: 318/500, train loss: 903.123

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.40100015792835497
nmi: 0.7178304555418271
sc: 0.20356734
recon: 944.381	lossdp: -15.134
recon: 937.133	lossdp: -15.748
recon: 926.990	lossdp: -16.390
recon: 955.237	lossdp: -15.516
recon: 926.796	lossdp: -16.696
recon: 921.136	lossdp: -16.192
recon: 933.007	lossdp: -17.025
recon: 922.851	lossdp: -16.982
recon: 918.460	lossdp: -18.064
recon: 868.848	lossdp: -19.578
recon: 892.008	lossdp: -18.468
recon: 916.454	lossdp: -18.492
recon: 887.333	lossdp: -19.516
recon: 914.016	lossdp: -18.502
recon: 941.596	lossdp: -18.212
recon: 906.703	lossdp: -19.713
recon: 941.615	lossdp: -18.190
Epoch: 319/500, train loss: 903.303

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4044397170532106
nmi: 0.7180384711547558
sc: 0.20498042
recon: 909.560	lossdp: -17.838
recon: 940.669	lossdp: -16.941
recon: 925.467	lossdp: -19.117
recon: 944.455	lossdp: -17.050
recon: 904.415	lossdp: -18.420
recon: 934.298	lossdp: -18.407
recon: 899.333	lossdp: -18.876
recon: 916.694	lossdp: -18.831
recon: 872.589	lossdp: -19.959
recon: 935.284	lossdp: -18.998
recon: 936.991	lossdp: -19.460
recon: 899.386	lossdp: -21.161
recon: 935.777	lossdp: -20.510
recon: 973.124	lossdp: -18.566
recon: 918.040	lossdp: -21.545
recon: 885.621	lossdp: -22.883
recon: 913.178	lossdp: -21.481
Epoch: 320/500, train loss: 900.873

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4093907231631712
nmi: 0.7209655755826778
sc: 0.20711535
recon: 944.978	lossdp: -19.097
recon: 890.575	lossdp: -19.856
recon: 887.861	lossdp: -20.671
recon: 887.959	lossdp: -21.281
recon: 924.348	lossdp: -20.751
recon: 902.243	lossdp: -20.531
recon: 943.582	lossdp: -20.872
recon: 916.541	lossdp: -21.510
recon: 887.179	lossdp: -21.441
recon: 936.455	lossdp: -22.304
recon: 933.033	lossdp: -21.705
recon: 902.869	lossdp: -22.423
recon: 967.768	lossdp: -21.546
recon: 933.886	lossdp: -24.052
recon: 917.324	lossdp: -22.591
recon: 942.063	lossdp: -24.036
recon: 909.422	lossdp: -22.316
Epoch: 321/500, train loss: 897.712

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4044615568934967
nmi: 0.7168116085400692
sc: 0.20420529
recon: 884.384	lossdp: -21.532
recon: 926.892	lossdp: -22.775
recon: 955.830	lossdp: -20.280
recon: 934.652	lossdp: -21.986
recon: 922.429	lossdp: -22.972
recon: 896.727	lossdp: -23.336
recon: 935.710	lossdp: -22.378
recon: 947.430	lossdp: -21.905
recon: 897.439	lossdp: -23.329
recon: 933.494	lossdp: -22.668
recon: 932.026	lossdp: -23.840
recon: 915.372	lossdp: -24.182
recon: 916.768	lossdp: -24.265
recon: 950.689	lossdp: -23.124
recon: 902.685	lossdp: -23.932
recon: 894.471	lossdp: -24.926
recon: 944.910	lossdp: -23.920
Epoch: 322/500, train loss: 900.033

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4035616696800958
nmi: 0.7141412089753139
sc: 0.20658824
recon: 918.991	lossdp: -22.685
recon: 923.689	lossdp: -23.673
recon: 896.776	lossdp: -24.227
recon: 897.288	lossdp: -24.965
recon: 909.282	lossdp: -25.281
recon: 897.880	lossdp: -24.876
recon: 952.359	lossdp: -23.164
recon: 954.489	lossdp: -24.815
recon: 933.200	lossdp: -25.937
recon: 920.255	lossdp: -25.816
recon: 963.861	lossdp: -24.230
recon: 925.437	lossdp: -26.761
recon: 901.227	lossdp: -26.446
recon: 901.360	lossdp: -27.014
recon: 869.249	lossdp: -26.783
recon: 956.388	lossdp: -25.864
recon: 882.168	lossdp: -27.254
Epoch: 323/500, train loss: 892.594

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.40011330986005034
nmi: 0.7184203387625231
sc: 0.20987974
recon: 937.382	lossdp: -24.912
recon: 937.169	lossdp: -25.074
recon: 946.857	lossdp: -26.171
recon: 909.979	lossdp: -25.708
recon: 904.496	lossdp: -25.834
recon: 877.742	lossdp: -27.706
recon: 913.722	lossdp: -27.275
recon: 925.907	lossdp: -26.677
recon: 976.515	lossdp: -25.651
recon: 877.959	lossdp: -28.587
recon: 948.475	lossdp: -27.596
recon: 929.117	lossdp: -27.280
recon: 913.341	lossdp: -28.152
recon: 924.071	lossdp: -27.980
recon: 922.479	lossdp: -28.276
recon: 915.566	lossdp: -29.144
recon: 919.334	lossdp: -28.297
Epoch: 324/500, train loss: 895.282

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.39961971489181125
nmi: 0.7127005936602128
sc: 0.20550293
recon: 918.933	lossdp: -27.652
recon: 931.833	lossdp: -27.448
recon: 907.758	lossdp: -26.849
recon: 901.030	lossdp: -27.949
recon: 891.313	lossdp: -29.527
recon: 930.012	lossdp: -26.447
recon: 934.410	lossdp: -27.418
recon: 883.481	lossdp: -30.463
recon: 974.138	lossdp: -27.294
recon: 901.609	lossdp: -30.867
recon: 937.174	lossdp: -28.242
recon: 936.521	lossdp: -29.686
recon: 946.636	lossdp: -30.140
recon: 901.899	lossdp: -29.325
recon: 940.969	lossdp: -30.559
recon: 884.522	lossdp: -31.451
recon: 930.778	lossdp: -30.290
Epoch: 325/500, train loss: 891.848

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.40563563125748886
nmi: 0.7188456692455795
sc: 0.20972832
recon: 911.221	lossdp: -28.887
recon: 920.029	lossdp: -29.778
recon: 925.817	lossdp: -28.781
recon: 943.048	lossdp: -29.329
recon: 935.380	lossdp: -28.871
recon: 900.363	lossdp: -29.672
recon: 926.149	lossdp: -30.052
recon: 908.687	lossdp: -31.036
recon: 915.560	lossdp: -30.792
recon: 919.703	lossdp: -30.944
recon: 929.218	lossdp: -31.651
recon: 913.729	lossdp: -32.227
recon: 938.633	lossdp: -31.334
recon: 955.221	lossdp: -31.700
recon: 909.696	lossdp: -31.858
recon: 888.311	lossdp: -32.454
recon: 945.916	lossdp: -31.743
Epoch: 326/500, train loss: 892.092

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.3954484109426422
nmi: 0.713324703576334
sc: 0.20754078
recon: 904.643	lossdp: -29.862
recon: 956.844	lossdp: -30.583
recon: 907.799	lossdp: -31.714
recon: 936.080	lossdp: -30.929
recon: 909.726	lossdp: -31.595
recon: 874.750	lossdp: -33.979
recon: 940.815	lossdp: -31.169
recon: 938.490	lossdp: -31.401
recon: 919.072	lossdp: -33.774
recon: 899.595	lossdp: -33.174
recon: 901.533	lossdp: -33.450
recon: 922.518	lossdp: -34.527
recon: 941.698	lossdp: -34.256
recon: 929.683	lossdp: -34.376
recon: 890.552	lossdp: -36.237
recon: 966.797	lossdp: -34.439
recon: 935.637	lossdp: -34.417
Epoch: 327/500, train loss: 889.197

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4013682374804808
nmi: 0.7164000719161476
sc: 0.20774807
recon: 937.868	lossdp: -33.386
recon: 913.131	lossdp: -33.114
recon: 911.627	lossdp: -32.995
recon: 930.042	lossdp: -33.501
recon: 926.155	lossdp: -34.391
recon: 883.815	lossdp: -36.112
recon: 920.324	lossdp: -35.046
recon: 875.808	lossdp: -35.719
recon: 937.372	lossdp: -34.497
recon: 889.780	lossdp: -35.771
recon: 956.406	lossdp: -35.608
recon: 927.975	lossdp: -36.595
recon: 981.884	lossdp: -36.205
recon: 921.490	lossdp: -36.573
recon: 919.968	lossdp: -36.394
recon: 901.039	lossdp: -37.044
recon: 916.302	lossdp: -37.702
Epoch: 328/500, train loss: 885.314

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.43164764427966956
nmi: 0.7202070940822128
sc: 0.17990574
recon: 917.679	lossdp: -34.580
recon: 903.490	lossdp: -35.404
recon: 884.256	lossdp: -35.907
recon: 914.712	lossdp: -35.741
recon: 903.466	lossdp: -37.458
recon: 927.384	lossdp: -35.468
recon: 934.188	lossdp: -35.639
recon: 921.996	lossdp: -37.154
recon: 940.679	lossdp: -37.375
recon: 916.013	lossdp: -38.235
recon: 933.015	lossdp: -37.762
recon: 904.512	lossdp: -40.025
recon: 922.298	lossdp: -37.887
recon: 924.085	lossdp: -38.094
recon: 928.788	lossdp: -39.063
recon: 952.695	lossdp: -37.167
recon: 912.784	lossdp: -39.633
Epoch: 329/500, train loss: 882.909

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4785377991605936
nmi: 0.7318784201452786
sc: 0.2030059
recon: 924.688	lossdp: -37.751
recon: 921.600	lossdp: -36.893
recon: 929.462	lossdp: -38.045
recon: 927.395	lossdp: -37.491
recon: 858.996	lossdp: -39.103
recon: 950.379	lossdp: -39.294
recon: 909.211	lossdp: -39.048
recon: 909.997	lossdp: -38.981
recon: 977.197	lossdp: -39.679
recon: 925.729	lossdp: -39.670
recon: 920.079	lossdp: -40.351
recon: 930.007	lossdp: -39.591
recon: 922.500	lossdp: -40.360
recon: 902.884	lossdp: -40.348
recon: 927.162	lossdp: -41.253
recon: 932.789	lossdp: -38.969
recon: 935.471	lossdp: -40.815
Epoch: 330/500, train loss: 884.583

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4431488343402714
nmi: 0.7309026145736232
sc: 0.20051974
recon: 922.370	lossdp: -37.814
recon: 905.608	lossdp: -39.601
recon: 925.459	lossdp: -40.090
recon: 908.570	lossdp: -39.993
recon: 922.983	lossdp: -41.044
recon: 911.847	lossdp: -40.947
recon: 893.197	lossdp: -41.145
recon: 952.451	lossdp: -41.510
recon: 947.258	lossdp: -40.790
recon: 928.426	lossdp: -41.132
recon: 937.079	lossdp: -41.077
recon: 898.295	lossdp: -42.832
recon: 896.786	lossdp: -42.038
recon: 927.245	lossdp: -41.625
recon: 932.416	lossdp: -42.246
recon: 932.399	lossdp: -43.189
recon: 915.626	lossdp: -44.200
Epoch: 331/500, train loss: 879.808

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5576939560994164
nmi: 0.7612688484009271
sc: 0.2549627
recon: 916.205	lossdp: -41.085
recon: 890.174	lossdp: -40.942
recon: 931.111	lossdp: -40.886
recon: 910.766	lossdp: -40.146
recon: 902.742	lossdp: -42.283
recon: 979.205	lossdp: -41.471
recon: 913.865	lossdp: -41.548
recon: 932.590	lossdp: -42.425
recon: 922.194	lossdp: -42.417
recon: 928.699	lossdp: -44.278
recon: 917.678	lossdp: -43.374
recon: 928.999	lossdp: -44.185
recon: 947.545	lossdp: -44.298
recon: 884.117	lossdp: -44.539
recon: 904.665	lossdp: -44.306
recon: 927.542	lossdp: -43.775
recon: 912.425	lossdp: -43.936
Epoch: 332/500, train loss: 877.919

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.47568764855210693
nmi: 0.7382833772839685
sc: 0.1895041
recon: 933.351	lossdp: -44.102
recon: 893.847	lossdp: -44.234
recon: 906.149	lossdp: -44.934
recon: 923.438	lossdp: -44.241
recon: 947.289	lossdp: -43.664
recon: 906.141	lossdp: -44.978
recon: 900.084	lossdp: -45.865
recon: 919.248	lossdp: -45.223
recon: 925.400	lossdp: -46.151
recon: 897.557	lossdp: -45.287
recon: 948.409	lossdp: -46.303
recon: 915.025	lossdp: -46.814
recon: 954.490	lossdp: -46.430
recon: 910.267	lossdp: -46.969
recon: 934.274	lossdp: -46.752
recon: 931.056	lossdp: -47.609
recon: 917.011	lossdp: -47.404
Epoch: 333/500, train loss: 875.651

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5539305041048702
nmi: 0.7652095117772217
sc: 0.2512017
recon: 896.932	lossdp: -44.670
recon: 905.004	lossdp: -45.345
recon: 949.218	lossdp: -45.096
recon: 947.187	lossdp: -45.657
recon: 902.363	lossdp: -46.438
recon: 970.373	lossdp: -45.786
recon: 958.367	lossdp: -46.680
recon: 966.112	lossdp: -46.736
recon: 892.887	lossdp: -47.668
recon: 885.328	lossdp: -47.682
recon: 930.363	lossdp: -48.409
recon: 930.283	lossdp: -48.149
recon: 909.138	lossdp: -49.395
recon: 877.774	lossdp: -49.548
recon: 923.511	lossdp: -48.181
recon: 916.732	lossdp: -50.648
recon: 903.526	lossdp: -49.402
Epoch: 334/500, train loss: 874.095

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5534640304875073
nmi: 0.7591326684800951
sc: 0.24741478
recon: 901.863	lossdp: -46.856
recon: 933.125	lossdp: -47.490
recon: 921.554	lossdp: -47.733
recon: 934.425	lossdp: -46.591
recon: 919.846	lossdp: -47.464
recon: 960.523	lossdp: -47.525
recon: 947.420	lossdp: -49.454
recon: 929.753	lossdp: -49.523
recon: 936.643	lossdp: -47.877
recon: 916.249	lossdp: -50.594
recon: 922.928	lossdp: -48.824
recon: 933.802	lossdp: -49.980
recon: 902.168	lossdp: -52.166
recon: 880.014	lossdp: -52.172
recon: 901.164	lossdp: -51.425
recon: 883.649	lossdp: -52.550
recon: 928.132	lossdp: -52.386
Epoch: 335/500, train loss: 871.332

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.47502076130426707
nmi: 0.7381907518366314
sc: 0.18482007
recon: 911.518	lossdp: -49.839
recon: 960.207	lossdp: -48.295
recon: 914.384	lossdp: -50.291
recon: 911.632	lossdp: -51.554
recon: 917.677	lossdp: -52.115
recon: 887.409	lossdp: -52.183
recon: 923.027	lossdp: -50.640
recon: 932.481	lossdp: -51.951
recon: 902.241	lossdp: -52.960
recon: 947.319	lossdp: -51.791
recon: 918.791	lossdp: -53.329
recon: 922.923	lossdp: -52.835
recon: 921.679	lossdp: -52.944
recon: 903.246	lossdp: -54.020
recon: 930.452	lossdp: -53.795
recon: 942.491	lossdp: -52.802
recon: 876.753	lossdp: -55.361
Epoch: 336/500, train loss: 866.913

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.552297472666173
nmi: 0.7607925817932006
sc: 0.24795735
recon: 904.316	lossdp: -52.257
recon: 912.588	lossdp: -51.696
recon: 925.177	lossdp: -53.141
recon: 920.068	lossdp: -51.876
recon: 918.811	lossdp: -52.378
recon: 946.927	lossdp: -51.962
recon: 932.358	lossdp: -53.697
recon: 937.536	lossdp: -52.896
recon: 951.449	lossdp: -53.311
recon: 915.184	lossdp: -54.275
recon: 912.090	lossdp: -53.854
recon: 901.924	lossdp: -53.624
recon: 936.852	lossdp: -54.186
recon: 911.606	lossdp: -55.011
recon: 922.191	lossdp: -54.464
recon: 904.553	lossdp: -55.840
recon: 898.506	lossdp: -55.785
Epoch: 337/500, train loss: 867.169

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.553449686456803
nmi: 0.7641086246857406
sc: 0.24758053
recon: 940.268	lossdp: -53.962
recon: 917.813	lossdp: -53.767
recon: 905.976	lossdp: -54.378
recon: 937.302	lossdp: -55.186
recon: 934.260	lossdp: -53.869
recon: 957.406	lossdp: -54.247
recon: 910.534	lossdp: -56.250
recon: 887.029	lossdp: -54.901
recon: 936.654	lossdp: -55.465
recon: 865.083	lossdp: -57.249
recon: 910.820	lossdp: -56.820
recon: 950.660	lossdp: -55.672
recon: 909.408	lossdp: -56.482
recon: 922.213	lossdp: -58.270
recon: 921.395	lossdp: -56.631
recon: 944.329	lossdp: -57.240
recon: 926.498	lossdp: -56.964
Epoch: 338/500, train loss: 866.488

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5394194116120327
nmi: 0.7602669517021456
sc: 0.23908527
recon: 910.135	lossdp: -57.013
recon: 941.122	lossdp: -55.630
recon: 914.084	lossdp: -57.496
recon: 953.355	lossdp: -56.268
recon: 936.234	lossdp: -56.525
recon: 937.005	lossdp: -56.709
recon: 897.697	lossdp: -56.240
recon: 910.742	lossdp: -57.791
recon: 941.661	lossdp: -56.888
recon: 901.933	lossdp: -58.565
recon: 892.518	lossdp: -59.012
recon: 909.889	lossdp: -59.202
recon: 910.783	lossdp: -59.056
recon: 900.388	lossdp: -60.001
recon: 933.890	lossdp: -58.654
recon: 951.768	lossdp: -59.855
recon: 937.561	lossdp: -59.152
Epoch: 339/500, train loss: 864.512

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5417214747593335
nmi: 0.7610107084504264
sc: 0.23978543
recon: 934.819	lossdp: -56.849
recon: 945.232	lossdp: -57.751
recon: 908.513	lossdp: -58.582
recon: 935.598	lossdp: -59.520
recon: 938.436	lossdp: -58.464
recon: 939.518	lossdp: -58.774
recon: 911.425	lossdp: -59.503
recon: 904.398	lossdp: -58.745
recon: 903.611	lossdp: -59.299
recon: 874.473	lossdp: -60.392
recon: 940.496	lossdp: -60.419
recon: 915.099	lossdp: -60.938
recon: 927.268	lossdp: -59.926
recon: 933.560	lossdp: -60.505
recon: 933.350	lossdp: -60.691
recon: 903.334	lossdp: -61.315
recon: 945.986	lossdp: -61.364
Epoch: 340/500, train loss: 863.652

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5411920994451348
nmi: 0.7630395970408619
sc: 0.23996449
recon: 943.335	lossdp: -60.052
recon: 904.478	lossdp: -59.923
recon: 924.215	lossdp: -59.888
recon: 984.987	lossdp: -59.940
recon: 953.256	lossdp: -59.579
recon: 938.839	lossdp: -59.564
recon: 894.456	lossdp: -62.477
recon: 877.193	lossdp: -62.278
recon: 931.770	lossdp: -62.448
recon: 901.044	lossdp: -62.514
recon: 941.367	lossdp: -62.565
recon: 911.258	lossdp: -63.720
recon: 909.086	lossdp: -63.336
recon: 893.521	lossdp: -63.279
recon: 906.022	lossdp: -64.846
recon: 928.417	lossdp: -63.291
recon: 901.898	lossdp: -64.937
Epoch: 341/500, train loss: 858.265

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5396504173546721
nmi: 0.7615198637982539
sc: 0.23735324
recon: 888.030	lossdp: -61.870
recon: 949.070	lossdp: -61.293
recon: 863.683	lossdp: -63.171
recon: 914.677	lossdp: -63.464
recon: 904.392	lossdp: -62.176
recon: 913.599	lossdp: -63.259
recon: 938.393	lossdp: -62.103
recon: 944.957	lossdp: -62.841
recon: 917.587	lossdp: -64.034
recon: 908.331	lossdp: -64.712
recon: 957.813	lossdp: -64.256
recon: 896.391	lossdp: -64.372
recon: 887.456	lossdp: -65.506
recon: 938.026	lossdp: -65.236
recon: 945.834	lossdp: -65.614
recon: 968.438	lossdp: -65.376
recon: 934.868	lossdp: -65.899
Epoch: 342/500, train loss: 858.022

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5403432154931739
nmi: 0.7623070334014962
sc: 0.23883252
recon: 958.301	lossdp: -63.514
recon: 901.675	lossdp: -65.094
recon: 963.404	lossdp: -64.872
recon: 905.789	lossdp: -66.329
recon: 923.844	lossdp: -65.161
recon: 945.028	lossdp: -64.467
recon: 900.610	lossdp: -64.947
recon: 909.390	lossdp: -67.009
recon: 914.590	lossdp: -66.480
recon: 929.170	lossdp: -64.836
recon: 901.637	lossdp: -66.724
recon: 942.744	lossdp: -66.682
recon: 925.614	lossdp: -66.948
recon: 899.878	lossdp: -67.542
recon: 920.291	lossdp: -68.144
recon: 888.217	lossdp: -67.800
recon: 934.995	lossdp: -68.282
Epoch: 343/500, train loss: 855.315

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5320084215946463
nmi: 0.761320689364121
sc: 0.23810352
recon: 918.974	lossdp: -67.740
recon: 933.801	lossdp: -65.116
recon: 927.303	lossdp: -64.900
recon: 927.016	lossdp: -67.067
recon: 943.098	lossdp: -67.033
recon: 934.227	lossdp: -66.613
recon: 909.916	lossdp: -67.680
recon: 947.076	lossdp: -67.116
recon: 922.438	lossdp: -68.432
recon: 925.064	lossdp: -69.401
recon: 945.723	lossdp: -67.412
recon: 904.318	lossdp: -68.665
recon: 900.162	lossdp: -69.049
recon: 916.061	lossdp: -70.161
recon: 884.004	lossdp: -70.186
recon: 903.054	lossdp: -70.114
recon: 914.015	lossdp: -69.887
Epoch: 344/500, train loss: 852.922

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5552738421097575
nmi: 0.7685140884436078
sc: 0.24186778
recon: 920.657	lossdp: -68.434
recon: 942.820	lossdp: -69.894
recon: 900.920	lossdp: -69.002
recon: 882.623	lossdp: -70.017
recon: 903.715	lossdp: -68.514
recon: 894.465	lossdp: -70.241
recon: 896.553	lossdp: -69.327
recon: 935.078	lossdp: -70.883
recon: 929.730	lossdp: -70.140
recon: 973.690	lossdp: -70.731
recon: 901.162	lossdp: -71.592
recon: 917.616	lossdp: -71.435
recon: 914.667	lossdp: -71.561
recon: 950.792	lossdp: -71.490
recon: 936.981	lossdp: -71.407
recon: 944.222	lossdp: -71.737
recon: 926.551	lossdp: -72.519
Epoch: 345/500, train loss: 851.372

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5415946725601588
nmi: 0.7636510770098134
sc: 0.23343022
recon: 915.823	lossdp: -70.816
recon: 895.546	lossdp: -70.974
recon: 933.641	lossdp: -70.382
recon: 933.396	lossdp: -71.976
recon: 920.321	lossdp: -71.643
recon: 943.645	lossdp: -71.455
recon: 939.233	lossdp: -71.732
recon: 887.998	lossdp: -73.344
recon: 959.469	lossdp: -72.014
recon: 895.584	lossdp: -73.032
recon: 924.477	lossdp: -72.880
recon: 905.461	lossdp: -74.885
recon: 927.747	lossdp: -74.060
recon: 914.639	lossdp: -74.430
recon: 910.463	lossdp: -75.384
recon: 904.665	lossdp: -74.382
recon: 931.517	lossdp: -75.643
Epoch: 346/500, train loss: 847.329

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5908773329202559
nmi: 0.7717079797280924
sc: 0.25661656
recon: 901.389	lossdp: -73.367
recon: 936.047	lossdp: -72.447
recon: 974.450	lossdp: -73.508
recon: 917.145	lossdp: -73.778
recon: 937.038	lossdp: -74.528
recon: 905.624	lossdp: -75.004
recon: 904.915	lossdp: -74.564
recon: 888.764	lossdp: -75.599
recon: 948.109	lossdp: -75.113
recon: 894.068	lossdp: -75.654
recon: 890.275	lossdp: -76.338
recon: 901.534	lossdp: -75.838
recon: 899.587	lossdp: -76.149
recon: 935.322	lossdp: -76.971
recon: 931.847	lossdp: -75.847
recon: 935.253	lossdp: -75.797
recon: 897.169	lossdp: -77.675
Epoch: 347/500, train loss: 842.374

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5388736590214854
nmi: 0.7605639855580744
sc: 0.23316097
recon: 921.945	lossdp: -76.684
recon: 904.929	lossdp: -75.896
recon: 918.513	lossdp: -76.956
recon: 924.661	lossdp: -76.371
recon: 941.950	lossdp: -77.378
recon: 908.973	lossdp: -76.939
recon: 925.128	lossdp: -77.024
recon: 934.375	lossdp: -77.282
recon: 907.314	lossdp: -77.694
recon: 896.522	lossdp: -78.797
recon: 921.907	lossdp: -78.012
recon: 928.464	lossdp: -78.585
recon: 922.539	lossdp: -79.195
recon: 935.576	lossdp: -78.917
recon: 894.750	lossdp: -79.135
recon: 928.547	lossdp: -79.705
recon: 915.020	lossdp: -79.963
Epoch: 348/500, train loss: 841.564

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5373959492414332
nmi: 0.7611359530681381
sc: 0.2299318
recon: 921.922	lossdp: -77.871
recon: 888.366	lossdp: -78.979
recon: 932.564	lossdp: -79.149
recon: 949.574	lossdp: -77.702
recon: 926.474	lossdp: -78.517
recon: 922.006	lossdp: -79.771
recon: 953.734	lossdp: -79.237
recon: 890.533	lossdp: -80.653
recon: 932.777	lossdp: -79.551
recon: 937.128	lossdp: -78.846
recon: 900.052	lossdp: -81.006
recon: 872.139	lossdp: -81.272
recon: 913.454	lossdp: -80.666
recon: 940.573	lossdp: -81.505
recon: 900.086	lossdp: -80.804
recon: 961.101	lossdp: -79.633
recon: 921.651	lossdp: -81.297
Epoch: 349/500, train loss: 841.628

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5130882210833472
nmi: 0.7481470970061492
sc: 0.23565595
recon: 912.185	lossdp: -80.055
recon: 871.441	lossdp: -81.222
recon: 903.547	lossdp: -81.141
recon: 889.307	lossdp: -81.844
recon: 957.391	lossdp: -81.306
recon: 951.539	lossdp: -80.536
recon: 905.031	lossdp: -80.588
recon: 938.203	lossdp: -81.665
recon: 908.661	lossdp: -81.782
recon: 958.977	lossdp: -80.465
recon: 926.489	lossdp: -81.614
recon: 923.893	lossdp: -82.870
recon: 899.774	lossdp: -82.804
recon: 902.207	lossdp: -83.280
recon: 901.423	lossdp: -83.226
recon: 968.599	lossdp: -83.176
recon: 908.039	lossdp: -83.602
Epoch: 350/500, train loss: 837.384

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.4662522345483361
nmi: 0.7302056015213221
sc: 0.23139404
recon: 967.966	lossdp: -80.584
recon: 890.575	lossdp: -83.420
recon: 904.941	lossdp: -84.217
recon: 879.095	lossdp: -83.953
recon: 879.954	lossdp: -83.995
recon: 925.027	lossdp: -83.981
recon: 907.504	lossdp: -83.884
recon: 940.089	lossdp: -84.609
recon: 950.999	lossdp: -83.703
recon: 892.774	lossdp: -84.578
recon: 906.595	lossdp: -86.395
recon: 928.107	lossdp: -85.420
recon: 954.266	lossdp: -84.118
recon: 932.518	lossdp: -85.986
recon: 946.150	lossdp: -86.065
recon: 901.081	lossdp: -85.436
recon: 923.167	lossdp: -85.895
Epoch: 351/500, train loss: 834.975

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5088840164432958
nmi: 0.7466040637857106
sc: 0.23285942
recon: 897.731	lossdp: -85.598
recon: 912.739	lossdp: -85.019
recon: 934.260	lossdp: -84.812
recon: 938.093	lossdp: -84.144
recon: 937.851	lossdp: -85.042
recon: 917.710	lossdp: -86.995
recon: 890.677	lossdp: -86.264
recon: 941.951	lossdp: -85.137
recon: 932.571	lossdp: -85.829
recon: 924.845	lossdp: -86.672
recon: 916.656	lossdp: -85.784
recon: 891.559	lossdp: -87.039
recon: 940.014	lossdp: -87.165
recon: 890.826	lossdp: -87.222
recon: 930.773	lossdp: -85.825
recon: 932.937	lossdp: -88.447
recon: 916.658	lossdp: -88.066
Epoch: 352/500, train loss: 834.282

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5098591017529879
nmi: 0.7468425986045736
sc: 0.23240496
recon: 900.200	lossdp: -87.248
recon: 919.859	lossdp: -87.068
recon: 896.586	lossdp: -87.575
recon: 906.004	lossdp: -87.361
recon: 937.084	lossdp: -87.048
recon: 940.275	lossdp: -88.099
recon: 940.333	lossdp: -88.380
recon: 924.521	lossdp: -87.203
recon: 917.340	lossdp: -89.165
recon: 908.566	lossdp: -88.536
recon: 923.133	lossdp: -89.041
recon: 911.694	lossdp: -89.073
recon: 938.477	lossdp: -88.607
recon: 916.278	lossdp: -87.739
recon: 897.392	lossdp: -88.680
recon: 938.983	lossdp: -88.378
recon: 909.862	lossdp: -89.489
Epoch: 353/500, train loss: 831.053

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5063463555250546
nmi: 0.7496527632810218
sc: 0.23161575
recon: 917.294	lossdp: -89.026
recon: 902.132	lossdp: -89.686
recon: 930.031	lossdp: -89.375
recon: 907.746	lossdp: -89.742
recon: 929.917	lossdp: -89.159
recon: 937.519	lossdp: -89.463
recon: 922.865	lossdp: -90.329
recon: 909.601	lossdp: -90.560
recon: 945.952	lossdp: -90.029
recon: 927.619	lossdp: -90.766
recon: 923.639	lossdp: -91.200
recon: 904.972	lossdp: -90.985
recon: 920.752	lossdp: -90.471
recon: 904.897	lossdp: -91.318
recon: 913.851	lossdp: -92.237
recon: 920.588	lossdp: -91.008
recon: 940.893	lossdp: -91.922
Epoch: 354/500, train loss: 830.764

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.507306647880574
nmi: 0.747328515521205
sc: 0.2318949
recon: 927.899	lossdp: -90.247
recon: 919.104	lossdp: -91.487
recon: 914.515	lossdp: -90.943
recon: 930.307	lossdp: -90.971
recon: 892.842	lossdp: -92.147
recon: 921.853	lossdp: -91.595
recon: 903.692	lossdp: -91.460
recon: 933.133	lossdp: -91.720
recon: 942.201	lossdp: -92.728
recon: 926.527	lossdp: -92.673
recon: 900.560	lossdp: -92.837
recon: 907.813	lossdp: -93.588
recon: 918.771	lossdp: -92.080
recon: 929.595	lossdp: -92.587
recon: 911.214	lossdp: -92.375
recon: 924.312	lossdp: -93.206
recon: 895.913	lossdp: -93.023
Epoch: 355/500, train loss: 825.564

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5044740208297969
nmi: 0.7444326196820171
sc: 0.23341717
recon: 894.575	lossdp: -92.804
recon: 932.034	lossdp: -93.550
recon: 924.085	lossdp: -92.933
recon: 890.519	lossdp: -93.629
recon: 895.750	lossdp: -93.745
recon: 920.151	lossdp: -93.999
recon: 920.559	lossdp: -93.420
recon: 926.391	lossdp: -92.671
recon: 937.036	lossdp: -93.612
recon: 921.245	lossdp: -95.130
recon: 921.017	lossdp: -93.952
recon: 953.801	lossdp: -93.885
recon: 916.938	lossdp: -94.429
recon: 890.961	lossdp: -95.022
recon: 927.621	lossdp: -95.066
recon: 948.454	lossdp: -94.473
recon: 951.911	lossdp: -95.345
Epoch: 356/500, train loss: 827.964

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.507790179453955
nmi: 0.7490928324091385
sc: 0.23105371
recon: 909.441	lossdp: -94.516
recon: 936.299	lossdp: -94.781
recon: 883.523	lossdp: -95.089
recon: 936.598	lossdp: -95.821
recon: 911.297	lossdp: -94.269
recon: 913.552	lossdp: -94.103
recon: 909.481	lossdp: -94.714
recon: 945.294	lossdp: -95.697
recon: 947.258	lossdp: -96.188
recon: 914.091	lossdp: -95.770
recon: 961.634	lossdp: -96.038
recon: 889.678	lossdp: -95.989
recon: 900.024	lossdp: -96.471
recon: 934.246	lossdp: -96.074
recon: 922.140	lossdp: -96.397
recon: 895.018	lossdp: -97.193
recon: 912.134	lossdp: -97.253
Epoch: 357/500, train loss: 823.256

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5038408052083203
nmi: 0.7451340287213054
sc: 0.23116079
recon: 904.185	lossdp: -96.788
recon: 939.204	lossdp: -96.815
recon: 929.319	lossdp: -96.637
recon: 921.326	lossdp: -96.685
recon: 949.650	lossdp: -96.196
recon: 916.509	lossdp: -96.885
recon: 912.457	lossdp: -97.392
recon: 888.073	lossdp: -97.986
recon: 891.262	lossdp: -98.092
recon: 905.423	lossdp: -98.185
recon: 951.292	lossdp: -98.553
recon: 929.702	lossdp: -98.305
recon: 924.732	lossdp: -97.600
recon: 921.394	lossdp: -97.531
recon: 922.427	lossdp: -99.107
recon: 913.108	lossdp: -98.574
recon: 890.246	lossdp: -98.112
Epoch: 358/500, train loss: 820.639

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5018564851619031
nmi: 0.7458657547761445
sc: 0.22997977
recon: 895.950	lossdp: -98.066
recon: 916.867	lossdp: -96.971
recon: 881.450	lossdp: -98.218
recon: 952.148	lossdp: -98.149
recon: 951.116	lossdp: -98.108
recon: 910.851	lossdp: -98.257
recon: 936.742	lossdp: -99.037
recon: 929.457	lossdp: -98.624
recon: 941.086	lossdp: -99.110
recon: 910.969	lossdp: -100.297
recon: 912.839	lossdp: -100.738
recon: 895.211	lossdp: -100.406
recon: 877.938	lossdp: -100.125
recon: 918.785	lossdp: -99.190
recon: 962.522	lossdp: -100.039
recon: 921.755	lossdp: -100.268
recon: 933.950	lossdp: -99.551
Epoch: 359/500, train loss: 821.440

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5043277683389215
nmi: 0.746047581724747
sc: 0.23190148
recon: 895.595	lossdp: -98.911
recon: 918.709	lossdp: -99.381
recon: 918.312	lossdp: -99.213
recon: 885.726	lossdp: -100.063
recon: 929.073	lossdp: -100.681
recon: 932.772	lossdp: -100.883
recon: 928.336	lossdp: -100.510
recon: 945.926	lossdp: -101.163
recon: 915.415	lossdp: -100.471
recon: 941.492	lossdp: -100.709
recon: 908.446	lossdp: -101.153
recon: 933.879	lossdp: -101.098
recon: 918.022	lossdp: -101.563
recon: 928.511	lossdp: -101.476
recon: 911.479	lossdp: -102.737
recon: 888.435	lossdp: -101.619
recon: 911.525	lossdp: -102.374
Epoch: 360/500, train loss: 817.509

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5011140745642418
nmi: 0.7420205974381541
sc: 0.23109134
recon: 888.753	lossdp: -101.473
recon: 945.315	lossdp: -101.286
recon: 924.208	lossdp: -101.672
recon: 941.370	lossdp: -101.707
recon: 900.693	lossdp: -101.786
recon: 908.767	lossdp: -101.647
recon: 923.161	lossdp: -102.060
recon: 937.574	lossdp: -102.519
recon: 939.949	lossdp: -103.139
recon: 910.543	lossdp: -102.813
recon: 901.943	lossdp: -103.455
recon: 907.858	lossdp: -103.726
recon: 914.297	lossdp: -103.100
recon: 946.281	lossdp: -103.225
recon: 921.520	lossdp: -103.369
recon: 908.095	lossdp: -104.005
recon: 885.202	lossdp: -103.462
Epoch: 361/500, train loss: 815.358

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5031783006527755
nmi: 0.7438610547345028
sc: 0.23179163
recon: 918.812	lossdp: -103.099
recon: 913.097	lossdp: -102.839
recon: 890.870	lossdp: -104.175
recon: 932.704	lossdp: -103.263
recon: 918.490	lossdp: -102.707
recon: 909.587	lossdp: -103.271
recon: 948.511	lossdp: -102.020
recon: 884.201	lossdp: -103.319
recon: 943.141	lossdp: -103.562
recon: 912.662	lossdp: -104.257
recon: 903.915	lossdp: -105.108
recon: 932.684	lossdp: -103.548
recon: 907.675	lossdp: -103.411
recon: 916.572	lossdp: -104.423
recon: 963.984	lossdp: -104.398
recon: 919.860	lossdp: -106.081
recon: 929.876	lossdp: -105.762
Epoch: 362/500, train loss: 816.553

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5040658610005039
nmi: 0.741795061975022
sc: 0.2270512
recon: 954.396	lossdp: -103.833
recon: 942.045	lossdp: -103.930
recon: 901.077	lossdp: -105.745
recon: 882.867	lossdp: -105.368
recon: 955.560	lossdp: -104.443
recon: 916.353	lossdp: -105.327
recon: 904.676	lossdp: -104.840
recon: 852.947	lossdp: -107.028
recon: 927.636	lossdp: -105.314
recon: 919.296	lossdp: -105.229
recon: 896.847	lossdp: -106.623
recon: 964.645	lossdp: -105.570
recon: 918.753	lossdp: -105.152
recon: 915.554	lossdp: -107.390
recon: 942.631	lossdp: -105.581
recon: 908.179	lossdp: -104.806
recon: 942.110	lossdp: -106.484
Epoch: 363/500, train loss: 814.877

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.49982949169603147
nmi: 0.738332757624687
sc: 0.22766978
recon: 940.128	lossdp: -105.534
recon: 924.663	lossdp: -105.902
recon: 922.265	lossdp: -106.297
recon: 910.431	lossdp: -106.585
recon: 906.371	lossdp: -107.107
recon: 922.539	lossdp: -106.208
recon: 935.162	lossdp: -106.681
recon: 940.315	lossdp: -106.216
recon: 871.682	lossdp: -107.533
recon: 924.987	lossdp: -106.545
recon: 945.410	lossdp: -106.074
recon: 927.509	lossdp: -107.717
recon: 903.642	lossdp: -107.414
recon: 908.444	lossdp: -108.124
recon: 912.076	lossdp: -107.754
recon: 894.766	lossdp: -108.034
recon: 922.819	lossdp: -108.075
Epoch: 364/500, train loss: 811.495

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5021439495549809
nmi: 0.7446440032625917
sc: 0.23168157
recon: 917.593	lossdp: -107.293
recon: 919.480	lossdp: -107.983
recon: 874.116	lossdp: -108.394
recon: 933.768	lossdp: -107.307
recon: 938.010	lossdp: -107.710
recon: 923.128	lossdp: -106.917
recon: 866.608	lossdp: -108.177
recon: 934.677	lossdp: -106.928
recon: 889.732	lossdp: -108.634
recon: 951.118	lossdp: -107.802
recon: 939.974	lossdp: -108.292
recon: 945.938	lossdp: -108.380
recon: 902.367	lossdp: -109.648
recon: 929.019	lossdp: -109.943
recon: 943.261	lossdp: -109.459
recon: 874.510	lossdp: -109.435
recon: 918.964	lossdp: -109.850
Epoch: 365/500, train loss: 809.418

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5056259416593655
nmi: 0.7472666336834933
sc: 0.23021747
recon: 933.975	lossdp: -109.710
recon: 926.069	lossdp: -109.017
recon: 927.974	lossdp: -109.581
recon: 927.525	lossdp: -110.219
recon: 900.630	lossdp: -110.870
recon: 934.484	lossdp: -109.950
recon: 933.498	lossdp: -109.783
recon: 941.136	lossdp: -109.565
recon: 912.589	lossdp: -109.700
recon: 936.464	lossdp: -110.935
recon: 884.766	lossdp: -110.213
recon: 916.354	lossdp: -108.959
recon: 917.245	lossdp: -110.558
recon: 898.745	lossdp: -110.217
recon: 914.396	lossdp: -110.343
recon: 891.873	lossdp: -111.659
recon: 927.012	lossdp: -110.618
Epoch: 366/500, train loss: 808.991

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5068654697710819
nmi: 0.7465454215736078
sc: 0.2325311
recon: 921.906	lossdp: -110.491
recon: 941.042	lossdp: -110.638
recon: 898.733	lossdp: -110.391
recon: 936.226	lossdp: -110.294
recon: 934.449	lossdp: -110.837
recon: 938.319	lossdp: -110.699
recon: 878.509	lossdp: -111.070
recon: 939.933	lossdp: -111.692
recon: 908.369	lossdp: -110.797
recon: 916.513	lossdp: -110.374
recon: 958.030	lossdp: -110.298
recon: 895.393	lossdp: -110.621
recon: 878.865	lossdp: -112.383
recon: 902.060	lossdp: -111.701
recon: 928.395	lossdp: -112.190
recon: 908.369	lossdp: -112.788
recon: 890.648	lossdp: -112.638
Epoch: 367/500, train loss: 805.050

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5057413909207505
nmi: 0.7467974103324799
sc: 0.23491317
recon: 958.740	lossdp: -111.008
recon: 915.111	lossdp: -111.898
recon: 903.152	lossdp: -112.245
recon: 899.909	lossdp: -112.429
recon: 903.905	lossdp: -113.005
recon: 929.205	lossdp: -112.719
recon: 961.073	lossdp: -111.723
recon: 932.445	lossdp: -112.975
recon: 869.542	lossdp: -112.862
recon: 941.803	lossdp: -112.800
recon: 938.799	lossdp: -111.798
recon: 927.330	lossdp: -112.792
recon: 939.020	lossdp: -113.078
recon: 898.893	lossdp: -113.525
recon: 888.889	lossdp: -113.669
recon: 905.491	lossdp: -112.688
recon: 923.421	lossdp: -114.167
Epoch: 368/500, train loss: 807.138

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5925124275384634
nmi: 0.7728984390162158
sc: 0.25469327
recon: 942.182	lossdp: -113.351
recon: 943.346	lossdp: -111.884
recon: 927.417	lossdp: -112.720
recon: 906.590	lossdp: -113.379
recon: 917.047	lossdp: -113.626
recon: 911.328	lossdp: -113.599
recon: 922.824	lossdp: -113.231
recon: 899.751	lossdp: -114.286
recon: 921.537	lossdp: -113.666
recon: 933.887	lossdp: -113.546
recon: 895.789	lossdp: -114.231
recon: 958.003	lossdp: -113.682
recon: 895.688	lossdp: -115.509
recon: 904.448	lossdp: -115.500
recon: 907.209	lossdp: -115.976
recon: 903.790	lossdp: -115.098
recon: 920.819	lossdp: -115.716
Epoch: 369/500, train loss: 804.274

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.506209125782146
nmi: 0.7467804849705241
sc: 0.23293656
recon: 916.200	lossdp: -115.504
recon: 935.696	lossdp: -113.732
recon: 943.982	lossdp: -114.849
recon: 982.273	lossdp: -114.003
recon: 877.249	lossdp: -115.594
recon: 974.874	lossdp: -115.207
recon: 885.953	lossdp: -115.981
recon: 901.668	lossdp: -114.227
recon: 886.070	lossdp: -116.574
recon: 921.419	lossdp: -116.383
recon: 926.195	lossdp: -115.283
recon: 897.766	lossdp: -116.245
recon: 907.643	lossdp: -116.139
recon: 913.305	lossdp: -116.565
recon: 914.066	lossdp: -115.437
recon: 900.548	lossdp: -116.088
recon: 911.425	lossdp: -116.172
Epoch: 370/500, train loss: 801.903

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5085231968085356
nmi: 0.7469832539374168
sc: 0.23266475
recon: 916.820	lossdp: -115.340
recon: 905.433	lossdp: -117.426
recon: 964.531	lossdp: -114.616
recon: 931.317	lossdp: -116.396
recon: 931.021	lossdp: -116.417
recon: 895.026	lossdp: -117.293
recon: 886.137	lossdp: -117.507
recon: 898.904	lossdp: -117.204
recon: 902.113	lossdp: -117.107
recon: 907.352	lossdp: -117.051
recon: 928.336	lossdp: -117.146
recon: 918.383	lossdp: -117.576
recon: 940.094	lossdp: -116.982
recon: 966.197	lossdp: -116.906
recon: 914.251	lossdp: -117.216
recon: 877.397	lossdp: -118.221
recon: 888.331	lossdp: -117.654
Epoch: 371/500, train loss: 799.034

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5088827997255059
nmi: 0.7484552076564985
sc: 0.23475975
recon: 889.625	lossdp: -116.628
recon: 897.967	lossdp: -117.710
recon: 943.778	lossdp: -117.385
recon: 914.619	lossdp: -117.951
recon: 926.668	lossdp: -117.902
recon: 884.492	lossdp: -119.195
recon: 938.073	lossdp: -117.195
recon: 958.490	lossdp: -118.910
recon: 928.568	lossdp: -118.832
recon: 901.429	lossdp: -118.961
recon: 879.007	lossdp: -119.106
recon: 918.080	lossdp: -118.420
recon: 950.195	lossdp: -118.034
recon: 899.568	lossdp: -118.969
recon: 936.727	lossdp: -118.730
recon: 913.722	lossdp: -119.052
recon: 892.711	lossdp: -120.070
Epoch: 372/500, train loss: 797.686

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5039543431341604
nmi: 0.7438787729541299
sc: 0.23170783
recon: 905.346	lossdp: -118.207
recon: 903.224	lossdp: -119.172
recon: 903.918	lossdp: -118.744
recon: 931.418	lossdp: -118.921
recon: 949.943	lossdp: -118.977
recon: 901.152	lossdp: -119.508
recon: 920.742	lossdp: -119.878
recon: 888.116	lossdp: -118.468
recon: 922.956	lossdp: -118.836
recon: 945.673	lossdp: -120.546
recon: 906.113	lossdp: -119.542
recon: 943.233	lossdp: -120.919
recon: 930.497	lossdp: -119.723
recon: 897.817	lossdp: -120.835
recon: 925.862	lossdp: -120.298
recon: 906.714	lossdp: -121.264
recon: 915.143	lossdp: -121.066
Epoch: 373/500, train loss: 797.821

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6010653459499142
nmi: 0.7780504710813362
sc: 0.2584756
recon: 911.837	lossdp: -120.380
recon: 905.667	lossdp: -120.932
recon: 935.522	lossdp: -119.866
recon: 914.029	lossdp: -121.019
recon: 934.780	lossdp: -119.380
recon: 911.810	lossdp: -119.812
recon: 926.812	lossdp: -121.593
recon: 934.044	lossdp: -121.195
recon: 905.502	lossdp: -122.149
recon: 925.520	lossdp: -121.881
recon: 895.428	lossdp: -122.353
recon: 878.518	lossdp: -121.312
recon: 940.987	lossdp: -121.756
recon: 926.061	lossdp: -121.067
recon: 918.749	lossdp: -121.389
recon: 905.967	lossdp: -121.589
recon: 924.330	lossdp: -122.799
Epoch: 374/500, train loss: 796.182

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5928683316988863
nmi: 0.7697013159186468
sc: 0.25773063
recon: 943.351	lossdp: -122.552
recon: 913.038	lossdp: -122.044
recon: 922.997	lossdp: -122.153
recon: 958.502	lossdp: -120.993
recon: 907.199	lossdp: -123.113
recon: 923.606	lossdp: -121.840
recon: 903.764	lossdp: -122.131
recon: 915.506	lossdp: -123.195
recon: 876.108	lossdp: -123.267
recon: 905.586	lossdp: -122.513
recon: 951.967	lossdp: -122.382
recon: 910.358	lossdp: -121.842
recon: 927.527	lossdp: -123.434
recon: 912.534	lossdp: -123.087
recon: 910.469	lossdp: -122.599
recon: 901.103	lossdp: -122.831
recon: 912.872	lossdp: -122.330
Epoch: 375/500, train loss: 794.952

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5022414680486875
nmi: 0.7417924691708145
sc: 0.2316423
recon: 898.667	lossdp: -123.356
recon: 914.321	lossdp: -123.395
recon: 934.191	lossdp: -121.872
recon: 890.519	lossdp: -124.193
recon: 948.240	lossdp: -122.146
recon: 906.124	lossdp: -124.742
recon: 955.872	lossdp: -123.614
recon: 949.276	lossdp: -123.235
recon: 930.490	lossdp: -124.198
recon: 935.763	lossdp: -122.700
recon: 912.988	lossdp: -124.659
recon: 915.081	lossdp: -125.131
recon: 913.347	lossdp: -124.048
recon: 881.956	lossdp: -125.121
recon: 881.397	lossdp: -124.694
recon: 917.592	lossdp: -124.677
recon: 877.607	lossdp: -124.268
Epoch: 376/500, train loss: 791.611

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5988631347435444
nmi: 0.773610295243849
sc: 0.25387627
recon: 911.936	lossdp: -124.546
recon: 915.935	lossdp: -124.820
recon: 944.232	lossdp: -124.953
recon: 931.996	lossdp: -123.832
recon: 918.319	lossdp: -123.919
recon: 944.567	lossdp: -124.368
recon: 907.786	lossdp: -125.865
recon: 904.785	lossdp: -125.580
recon: 924.674	lossdp: -124.131
recon: 927.528	lossdp: -125.575
recon: 906.347	lossdp: -125.375
recon: 919.189	lossdp: -125.538
recon: 885.845	lossdp: -126.297
recon: 904.257	lossdp: -125.939
recon: 910.045	lossdp: -126.902
recon: 898.181	lossdp: -125.724
recon: 932.061	lossdp: -125.787
Epoch: 377/500, train loss: 791.678

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5112862762515338
nmi: 0.7430422763170814
sc: 0.23408903
recon: 901.524	lossdp: -125.832
recon: 929.127	lossdp: -126.004
recon: 941.515	lossdp: -126.526
recon: 929.083	lossdp: -127.205
recon: 905.114	lossdp: -126.123
recon: 918.885	lossdp: -125.317
recon: 925.478	lossdp: -125.925
recon: 898.726	lossdp: -127.102
recon: 889.547	lossdp: -127.207
recon: 951.488	lossdp: -125.472
recon: 937.244	lossdp: -126.429
recon: 916.180	lossdp: -127.299
recon: 903.353	lossdp: -127.869
recon: 903.020	lossdp: -126.603
recon: 921.479	lossdp: -127.150
recon: 889.233	lossdp: -127.965
recon: 925.181	lossdp: -127.315
Epoch: 378/500, train loss: 790.167

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5068774534754693
nmi: 0.7453387475154997
sc: 0.23059376
recon: 931.639	lossdp: -126.070
recon: 904.741	lossdp: -127.742
recon: 903.155	lossdp: -126.770
recon: 907.157	lossdp: -127.756
recon: 932.323	lossdp: -128.092
recon: 949.603	lossdp: -127.292
recon: 889.941	lossdp: -128.624
recon: 909.342	lossdp: -127.177
recon: 914.974	lossdp: -129.061
recon: 901.341	lossdp: -128.461
recon: 908.303	lossdp: -128.383
recon: 930.169	lossdp: -127.819
recon: 959.940	lossdp: -128.415
recon: 927.288	lossdp: -127.959
recon: 900.019	lossdp: -128.475
recon: 904.596	lossdp: -128.940
recon: 961.219	lossdp: -127.575
Epoch: 379/500, train loss: 791.832

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5065428682797521
nmi: 0.7449562825877503
sc: 0.23424129
recon: 902.872	lossdp: -128.781
recon: 945.031	lossdp: -128.445
recon: 908.662	lossdp: -128.370
recon: 872.232	lossdp: -128.626
recon: 906.726	lossdp: -128.991
recon: 939.131	lossdp: -127.877
recon: 934.771	lossdp: -128.915
recon: 910.525	lossdp: -128.551
recon: 921.260	lossdp: -129.357
recon: 920.273	lossdp: -130.245
recon: 896.584	lossdp: -129.532
recon: 901.504	lossdp: -129.589
recon: 936.935	lossdp: -128.055
recon: 936.770	lossdp: -129.979
recon: 933.998	lossdp: -131.180
recon: 931.306	lossdp: -130.309
recon: 880.807	lossdp: -130.322
Epoch: 380/500, train loss: 787.192

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5043936700698879
nmi: 0.7416571528720762
sc: 0.22961299
recon: 912.157	lossdp: -129.804
recon: 918.396	lossdp: -129.176
recon: 898.869	lossdp: -130.215
recon: 908.385	lossdp: -129.467
recon: 924.223	lossdp: -130.536
recon: 914.491	lossdp: -130.279
recon: 897.162	lossdp: -129.780
recon: 917.244	lossdp: -130.510
recon: 942.552	lossdp: -129.727
recon: 924.372	lossdp: -129.745
recon: 915.962	lossdp: -129.687
recon: 902.074	lossdp: -129.996
recon: 903.994	lossdp: -131.101
recon: 933.911	lossdp: -131.366
recon: 919.587	lossdp: -131.427
recon: 934.963	lossdp: -130.691
recon: 909.056	lossdp: -133.051
Epoch: 381/500, train loss: 785.932

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5936206816049083
nmi: 0.7725484264626049
sc: 0.25921798
recon: 918.794	lossdp: -131.193
recon: 914.824	lossdp: -131.006
recon: 909.090	lossdp: -132.325
recon: 925.872	lossdp: -129.658
recon: 922.984	lossdp: -130.380
recon: 915.148	lossdp: -132.237
recon: 922.977	lossdp: -131.755
recon: 924.978	lossdp: -132.382
recon: 938.910	lossdp: -131.344
recon: 899.346	lossdp: -131.731
recon: 909.422	lossdp: -132.370
recon: 946.231	lossdp: -132.731
recon: 946.178	lossdp: -132.479
recon: 880.195	lossdp: -132.585
recon: 927.300	lossdp: -131.999
recon: 869.596	lossdp: -133.315
recon: 919.748	lossdp: -132.902
Epoch: 382/500, train loss: 785.247

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5028765704762231
nmi: 0.742404707669503
sc: 0.23403347
recon: 931.828	lossdp: -133.279
recon: 921.231	lossdp: -132.739
recon: 884.505	lossdp: -132.878
recon: 927.328	lossdp: -133.366
recon: 902.372	lossdp: -132.883
recon: 932.340	lossdp: -132.569
recon: 939.614	lossdp: -132.179
recon: 906.787	lossdp: -133.760
recon: 923.927	lossdp: -132.732
recon: 926.412	lossdp: -132.424
recon: 917.242	lossdp: -133.801
recon: 912.466	lossdp: -133.051
recon: 928.426	lossdp: -133.969
recon: 920.458	lossdp: -133.970
recon: 896.703	lossdp: -133.758
recon: 897.981	lossdp: -133.675
recon: 907.281	lossdp: -133.499
Epoch: 383/500, train loss: 783.081

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5063584950678455
nmi: 0.7413281728678746
sc: 0.23212959
recon: 910.135	lossdp: -133.335
recon: 914.731	lossdp: -133.812
recon: 930.957	lossdp: -133.801
recon: 922.746	lossdp: -133.349
recon: 917.260	lossdp: -134.643
recon: 899.036	lossdp: -134.628
recon: 924.549	lossdp: -134.837
recon: 918.020	lossdp: -133.758
recon: 910.667	lossdp: -134.191
recon: 955.460	lossdp: -134.657
recon: 925.037	lossdp: -134.787
recon: 896.971	lossdp: -135.596
recon: 912.930	lossdp: -134.879
recon: 910.477	lossdp: -135.378
recon: 910.521	lossdp: -135.205
recon: 892.099	lossdp: -135.925
recon: 922.598	lossdp: -135.659
Epoch: 384/500, train loss: 781.515

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5971462077156374
nmi: 0.7680124591369841
sc: 0.25359067
recon: 901.681	lossdp: -134.454
recon: 923.686	lossdp: -134.305
recon: 917.998	lossdp: -136.306
recon: 929.784	lossdp: -135.078
recon: 924.516	lossdp: -134.650
recon: 900.963	lossdp: -135.036
recon: 924.798	lossdp: -135.196
recon: 899.763	lossdp: -135.576
recon: 907.717	lossdp: -135.902
recon: 947.591	lossdp: -135.896
recon: 934.463	lossdp: -134.526
recon: 928.666	lossdp: -135.810
recon: 898.415	lossdp: -135.700
recon: 902.466	lossdp: -135.915
recon: 920.524	lossdp: -135.430
recon: 896.864	lossdp: -135.928
recon: 936.488	lossdp: -135.519
Epoch: 385/500, train loss: 782.068

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5074272155449141
nmi: 0.7452044340609311
sc: 0.23014405
recon: 901.381	lossdp: -136.585
recon: 887.821	lossdp: -137.224
recon: 925.138	lossdp: -135.769
recon: 904.803	lossdp: -137.100
recon: 919.592	lossdp: -136.496
recon: 901.689	lossdp: -136.997
recon: 941.246	lossdp: -135.070
recon: 906.385	lossdp: -137.372
recon: 931.048	lossdp: -137.380
recon: 903.193	lossdp: -137.088
recon: 920.113	lossdp: -137.106
recon: 926.776	lossdp: -137.787
recon: 923.542	lossdp: -136.884
recon: 915.277	lossdp: -138.162
recon: 928.398	lossdp: -137.421
recon: 916.255	lossdp: -137.889
recon: 902.457	lossdp: -137.677
Epoch: 386/500, train loss: 777.947

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.5997631232951068
nmi: 0.7705864234279064
sc: 0.2557733
recon: 898.016	lossdp: -138.100
recon: 919.162	lossdp: -137.137
recon: 908.139	lossdp: -138.329
recon: 892.906	lossdp: -138.696
recon: 887.066	lossdp: -137.869
recon: 905.295	lossdp: -137.654
recon: 944.837	lossdp: -138.186
recon: 936.624	lossdp: -138.157
recon: 912.793	lossdp: -138.292
recon: 922.514	lossdp: -137.996
recon: 913.867	lossdp: -138.304
recon: 962.190	lossdp: -137.218
recon: 889.708	lossdp: -137.815
recon: 922.630	lossdp: -137.291
recon: 920.589	lossdp: -138.904
recon: 937.913	lossdp: -138.575
recon: 921.521	lossdp: -138.147
Epoch: 387/500, train loss: 779.359

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6084602345238125
nmi: 0.7746972506361763
sc: 0.26298672
recon: 899.532	lossdp: -138.372
recon: 945.014	lossdp: -138.043
recon: 883.260	lossdp: -139.785
recon: 914.978	lossdp: -138.692
recon: 911.297	lossdp: -139.099
recon: 899.178	lossdp: -139.395
recon: 913.437	lossdp: -138.908
recon: 929.520	lossdp: -138.847
recon: 907.892	lossdp: -138.652
recon: 933.491	lossdp: -140.961
recon: 919.020	lossdp: -139.556
recon: 924.944	lossdp: -139.223
recon: 907.389	lossdp: -139.205
recon: 908.157	lossdp: -139.650
recon: 917.573	lossdp: -140.041
recon: 949.051	lossdp: -139.825
recon: 944.676	lossdp: -139.918
Epoch: 388/500, train loss: 778.838

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6133966973567168
nmi: 0.7791003622330086
sc: 0.2607867
recon: 911.620	lossdp: -140.483
recon: 948.621	lossdp: -139.194
recon: 865.534	lossdp: -141.337
recon: 947.214	lossdp: -138.462
recon: 891.495	lossdp: -140.400
recon: 904.327	lossdp: -140.118
recon: 916.454	lossdp: -139.262
recon: 934.917	lossdp: -139.999
recon: 945.018	lossdp: -139.372
recon: 919.678	lossdp: -139.610
recon: 894.390	lossdp: -140.018
recon: 928.982	lossdp: -139.539
recon: 880.507	lossdp: -141.407
recon: 907.504	lossdp: -140.905
recon: 929.263	lossdp: -141.857
recon: 920.277	lossdp: -140.846
recon: 922.541	lossdp: -140.838
Epoch: 389/500, train loss: 775.570

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6146973216736228
nmi: 0.7827738893007956
sc: 0.2679208
recon: 908.122	lossdp: -141.032
recon: 897.785	lossdp: -141.186
recon: 920.288	lossdp: -141.111
recon: 889.650	lossdp: -141.143
recon: 905.283	lossdp: -140.957
recon: 927.511	lossdp: -141.207
recon: 903.533	lossdp: -140.910
recon: 896.900	lossdp: -141.167
recon: 906.341	lossdp: -141.834
recon: 909.826	lossdp: -142.034
recon: 947.157	lossdp: -140.575
recon: 914.997	lossdp: -141.517
recon: 931.730	lossdp: -141.798
recon: 923.615	lossdp: -141.954
recon: 909.573	lossdp: -142.336
recon: 943.397	lossdp: -141.634
recon: 903.641	lossdp: -142.969
Epoch: 390/500, train loss: 772.587

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6211413131889542
nmi: 0.7858380083926867
sc: 0.27155706
recon: 968.561	lossdp: -141.315
recon: 889.159	lossdp: -142.619
recon: 894.506	lossdp: -143.247
recon: 926.212	lossdp: -141.403
recon: 924.035	lossdp: -142.009
recon: 896.965	lossdp: -142.855
recon: 895.157	lossdp: -142.714
recon: 899.016	lossdp: -143.061
recon: 923.071	lossdp: -141.047
recon: 934.616	lossdp: -142.759
recon: 916.362	lossdp: -143.441
recon: 925.260	lossdp: -142.879
recon: 935.185	lossdp: -141.487
recon: 905.731	lossdp: -142.956
recon: 935.859	lossdp: -143.722
recon: 869.742	lossdp: -143.806
recon: 938.444	lossdp: -143.934
Epoch: 391/500, train loss: 773.684

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6239976304207377
nmi: 0.7821932032082232
sc: 0.26849005
recon: 900.707	lossdp: -144.052
recon: 897.397	lossdp: -143.328
recon: 927.358	lossdp: -142.794
recon: 925.032	lossdp: -143.679
recon: 890.223	lossdp: -144.280
recon: 926.836	lossdp: -143.658
recon: 928.539	lossdp: -141.967
recon: 926.476	lossdp: -143.398
recon: 906.996	lossdp: -143.026
recon: 921.945	lossdp: -143.299
recon: 889.130	lossdp: -144.586
recon: 931.469	lossdp: -143.039
recon: 908.519	lossdp: -144.234
recon: 910.172	lossdp: -143.763
recon: 902.029	lossdp: -143.723
recon: 949.353	lossdp: -145.124
recon: 909.028	lossdp: -144.634
Epoch: 392/500, train loss: 771.096

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6319832698895984
nmi: 0.7870558447464034
sc: 0.2685173
recon: 929.399	lossdp: -144.875
recon: 903.672	lossdp: -144.593
recon: 894.167	lossdp: -144.559
recon: 921.914	lossdp: -143.964
recon: 925.699	lossdp: -144.531
recon: 910.312	lossdp: -144.932
recon: 948.120	lossdp: -144.853
recon: 916.094	lossdp: -144.870
recon: 906.829	lossdp: -144.621
recon: 932.698	lossdp: -144.438
recon: 895.488	lossdp: -146.021
recon: 936.990	lossdp: -144.176
recon: 887.157	lossdp: -145.893
recon: 927.204	lossdp: -145.880
recon: 930.366	lossdp: -145.616
recon: 876.588	lossdp: -146.044
recon: 917.349	lossdp: -144.612
Epoch: 393/500, train loss: 770.327

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6798469507557697
nmi: 0.8118890333549834
sc: 0.29799977
recon: 910.531	lossdp: -146.171
recon: 910.731	lossdp: -145.747
recon: 900.288	lossdp: -145.560
recon: 917.663	lossdp: -146.039
recon: 920.318	lossdp: -145.088
recon: 950.789	lossdp: -144.996
recon: 890.180	lossdp: -145.503
recon: 911.941	lossdp: -145.695
recon: 924.103	lossdp: -145.279
recon: 923.909	lossdp: -145.366
recon: 941.668	lossdp: -145.320
recon: 930.975	lossdp: -146.018
recon: 901.935	lossdp: -145.552
recon: 889.964	lossdp: -145.961
recon: 887.469	lossdp: -145.985
recon: 910.512	lossdp: -145.480
recon: 890.083	lossdp: -147.271
Epoch: 394/500, train loss: 766.825

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6361760663044487
nmi: 0.7893046107904026
sc: 0.269436
recon: 888.151	lossdp: -146.688
recon: 893.776	lossdp: -146.750
recon: 909.912	lossdp: -146.705
recon: 917.061	lossdp: -146.392
recon: 887.090	lossdp: -145.606
recon: 923.561	lossdp: -146.363
recon: 935.723	lossdp: -146.737
recon: 936.970	lossdp: -146.384
recon: 909.066	lossdp: -147.453
recon: 922.597	lossdp: -145.685
recon: 935.547	lossdp: -146.929
recon: 918.086	lossdp: -147.068
recon: 929.884	lossdp: -146.200
recon: 906.812	lossdp: -146.719
recon: 908.178	lossdp: -146.746
recon: 912.798	lossdp: -146.859
recon: 926.126	lossdp: -146.345
Epoch: 395/500, train loss: 768.806

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.67999696114302
nmi: 0.806987921526072
sc: 0.29567987
recon: 907.578	lossdp: -147.948
recon: 923.092	lossdp: -147.168
recon: 911.603	lossdp: -147.390
recon: 896.410	lossdp: -147.555
recon: 939.269	lossdp: -147.132
recon: 895.562	lossdp: -147.074
recon: 884.782	lossdp: -148.481
recon: 931.160	lossdp: -147.265
recon: 890.193	lossdp: -147.900
recon: 895.752	lossdp: -148.404
recon: 921.837	lossdp: -146.537
recon: 903.537	lossdp: -147.869
recon: 945.730	lossdp: -147.536
recon: 926.543	lossdp: -147.522
recon: 947.025	lossdp: -146.780
recon: 918.458	lossdp: -147.927
recon: 899.827	lossdp: -147.994
Epoch: 396/500, train loss: 766.463

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6802986534467973
nmi: 0.8081996338490389
sc: 0.29219988
recon: 892.296	lossdp: -149.251
recon: 886.754	lossdp: -148.762
recon: 920.498	lossdp: -147.148
recon: 897.798	lossdp: -147.993
recon: 926.705	lossdp: -147.571
recon: 983.740	lossdp: -146.764
recon: 939.589	lossdp: -147.804
recon: 918.005	lossdp: -148.169
recon: 940.651	lossdp: -148.360
recon: 891.405	lossdp: -149.063
recon: 917.855	lossdp: -148.269
recon: 872.974	lossdp: -148.693
recon: 912.882	lossdp: -149.116
recon: 934.671	lossdp: -149.011
recon: 899.802	lossdp: -147.996
recon: 899.949	lossdp: -149.325
recon: 917.558	lossdp: -148.943
Epoch: 397/500, train loss: 766.523

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6862576972868639
nmi: 0.8143708133378571
sc: 0.30334327
recon: 918.907	lossdp: -147.962
recon: 920.610	lossdp: -149.134
recon: 924.462	lossdp: -149.152
recon: 900.332	lossdp: -148.248
recon: 908.908	lossdp: -149.107
recon: 902.868	lossdp: -149.249
recon: 908.269	lossdp: -149.124
recon: 919.219	lossdp: -149.614
recon: 910.153	lossdp: -149.756
recon: 901.242	lossdp: -150.650
recon: 923.591	lossdp: -148.101
recon: 892.406	lossdp: -150.335
recon: 934.450	lossdp: -148.766
recon: 926.522	lossdp: -149.499
recon: 914.471	lossdp: -150.254
recon: 920.531	lossdp: -148.916
recon: 952.329	lossdp: -149.019
Epoch: 398/500, train loss: 767.199

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6858238998428465
nmi: 0.8144630848994215
sc: 0.3027699
recon: 937.405	lossdp: -148.713
recon: 925.069	lossdp: -149.934
recon: 921.032	lossdp: -149.848
recon: 900.680	lossdp: -150.917
recon: 898.701	lossdp: -151.263
recon: 916.712	lossdp: -149.313
recon: 926.093	lossdp: -149.800
recon: 890.387	lossdp: -149.815
recon: 911.934	lossdp: -150.322
recon: 918.460	lossdp: -150.979
recon: 909.231	lossdp: -150.498
recon: 895.705	lossdp: -149.722
recon: 926.068	lossdp: -150.655
recon: 933.398	lossdp: -149.794
recon: 908.381	lossdp: -150.362
recon: 914.357	lossdp: -151.883
recon: 930.874	lossdp: -150.912
Epoch: 399/500, train loss: 765.280

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6864959574735108
nmi: 0.8160934853252556
sc: 0.30438766
recon: 914.520	lossdp: -150.846
recon: 932.803	lossdp: -150.052
recon: 951.080	lossdp: -150.304
recon: 914.734	lossdp: -150.650
recon: 901.122	lossdp: -150.977
recon: 928.635	lossdp: -150.354
recon: 889.063	lossdp: -150.844
recon: 924.858	lossdp: -151.485
recon: 896.885	lossdp: -151.479
recon: 929.145	lossdp: -149.831
recon: 897.582	lossdp: -152.062
recon: 897.019	lossdp: -150.734
recon: 917.897	lossdp: -149.312
recon: 865.206	lossdp: -151.410
recon: 896.801	lossdp: -151.763
recon: 956.630	lossdp: -150.875
recon: 917.204	lossdp: -151.435
Epoch: 400/500, train loss: 762.751

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6863852004954671
nmi: 0.8133227280831902
sc: 0.29959545
recon: 928.343	lossdp: -151.537
recon: 927.720	lossdp: -151.398
recon: 911.333	lossdp: -152.006
recon: 915.142	lossdp: -151.452
recon: 914.417	lossdp: -151.559
recon: 911.134	lossdp: -151.040
recon: 923.603	lossdp: -151.069
recon: 930.716	lossdp: -151.687
recon: 909.214	lossdp: -152.611
recon: 893.605	lossdp: -151.944
recon: 881.788	lossdp: -152.435
recon: 895.314	lossdp: -152.063
recon: 928.277	lossdp: -151.974
recon: 917.129	lossdp: -151.985
recon: 937.612	lossdp: -151.578
recon: 888.383	lossdp: -152.423
recon: 931.104	lossdp: -152.900
Epoch: 401/500, train loss: 762.540

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6873730400611694
nmi: 0.815361936181572
sc: 0.2989337
recon: 956.033	lossdp: -151.375
recon: 907.438	lossdp: -152.264
recon: 907.405	lossdp: -152.597
recon: 887.714	lossdp: -153.469
recon: 897.451	lossdp: -152.596
recon: 904.834	lossdp: -152.301
recon: 913.875	lossdp: -152.803
recon: 938.118	lossdp: -152.667
recon: 926.653	lossdp: -152.459
recon: 896.154	lossdp: -152.853
recon: 917.537	lossdp: -153.457
recon: 901.818	lossdp: -153.640
recon: 905.175	lossdp: -153.613
recon: 911.331	lossdp: -152.930
recon: 910.395	lossdp: -153.165
recon: 932.360	lossdp: -153.456
recon: 913.761	lossdp: -153.137
Epoch: 402/500, train loss: 760.545

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6873201188022212
nmi: 0.8100907575607768
sc: 0.29676327
recon: 932.592	lossdp: -153.075
recon: 910.093	lossdp: -154.020
recon: 892.121	lossdp: -153.077
recon: 873.597	lossdp: -154.465
recon: 896.221	lossdp: -153.346
recon: 938.174	lossdp: -153.299
recon: 907.734	lossdp: -153.462
recon: 918.627	lossdp: -153.096
recon: 929.408	lossdp: -153.091
recon: 929.105	lossdp: -153.722
recon: 903.994	lossdp: -154.001
recon: 909.983	lossdp: -153.915
recon: 920.342	lossdp: -154.265
recon: 927.854	lossdp: -154.170
recon: 913.763	lossdp: -152.978
recon: 917.791	lossdp: -153.060
recon: 959.065	lossdp: -152.979
Epoch: 403/500, train loss: 762.967

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6871747810840447
nmi: 0.814459764172208
sc: 0.29842392
recon: 891.926	lossdp: -155.531
recon: 899.191	lossdp: -153.177
recon: 904.766	lossdp: -154.039
recon: 901.128	lossdp: -154.058
recon: 908.272	lossdp: -154.627
recon: 953.729	lossdp: -153.474
recon: 917.207	lossdp: -153.645
recon: 933.694	lossdp: -152.980
recon: 907.795	lossdp: -154.408
recon: 902.370	lossdp: -153.814
recon: 885.498	lossdp: -155.226
recon: 950.435	lossdp: -152.834
recon: 935.031	lossdp: -153.566
recon: 881.141	lossdp: -154.568
recon: 908.369	lossdp: -154.682
recon: 929.770	lossdp: -153.701
recon: 895.496	lossdp: -154.695
Epoch: 404/500, train loss: 758.047

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.693538789826251
nmi: 0.8220003163601582
sc: 0.30290014
recon: 910.493	lossdp: -154.734
recon: 919.914	lossdp: -154.083
recon: 878.498	lossdp: -155.010
recon: 925.394	lossdp: -154.441
recon: 873.010	lossdp: -155.448
recon: 915.286	lossdp: -154.783
recon: 933.197	lossdp: -154.483
recon: 899.966	lossdp: -155.006
recon: 917.790	lossdp: -155.083
recon: 948.935	lossdp: -155.548
recon: 906.917	lossdp: -154.932
recon: 887.902	lossdp: -154.806
recon: 927.552	lossdp: -154.689
recon: 960.584	lossdp: -154.413
recon: 896.540	lossdp: -156.101
recon: 895.586	lossdp: -155.405
recon: 898.591	lossdp: -155.317
Epoch: 405/500, train loss: 756.581

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6933723390312384
nmi: 0.8140008684320846
sc: 0.29524904
recon: 910.407	lossdp: -155.725
recon: 912.955	lossdp: -155.759
recon: 888.462	lossdp: -155.456
recon: 883.942	lossdp: -155.637
recon: 946.930	lossdp: -154.677
recon: 919.838	lossdp: -154.770
recon: 928.791	lossdp: -154.904
recon: 904.023	lossdp: -155.578
recon: 938.679	lossdp: -154.172
recon: 905.612	lossdp: -156.195
recon: 875.905	lossdp: -156.398
recon: 935.279	lossdp: -155.664
recon: 919.327	lossdp: -155.452
recon: 920.461	lossdp: -155.650
recon: 894.246	lossdp: -156.273
recon: 904.273	lossdp: -157.027
recon: 909.334	lossdp: -156.249
Epoch: 406/500, train loss: 756.052

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6909987477674733
nmi: 0.8171401556542851
sc: 0.30011353
recon: 889.935	lossdp: -157.007
recon: 971.992	lossdp: -154.382
recon: 911.590	lossdp: -155.565
recon: 922.077	lossdp: -155.943
recon: 920.539	lossdp: -155.844
recon: 903.209	lossdp: -156.703
recon: 910.443	lossdp: -156.576
recon: 929.746	lossdp: -155.783
recon: 907.576	lossdp: -156.376
recon: 906.379	lossdp: -156.852
recon: 880.201	lossdp: -156.767
recon: 888.601	lossdp: -156.039
recon: 947.353	lossdp: -156.124
recon: 938.568	lossdp: -156.681
recon: 892.913	lossdp: -156.513
recon: 866.537	lossdp: -156.544
recon: 894.663	lossdp: -156.707
Epoch: 407/500, train loss: 754.466

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6929249169664604
nmi: 0.8182932773379903
sc: 0.30179593
recon: 907.277	lossdp: -157.015
recon: 872.943	lossdp: -157.489
recon: 924.284	lossdp: -156.383
recon: 926.511	lossdp: -156.530
recon: 907.679	lossdp: -157.098
recon: 899.970	lossdp: -155.908
recon: 917.172	lossdp: -156.475
recon: 892.130	lossdp: -158.049
recon: 888.012	lossdp: -157.922
recon: 923.421	lossdp: -156.917
recon: 930.498	lossdp: -156.490
recon: 921.300	lossdp: -157.121
recon: 943.166	lossdp: -156.848
recon: 912.412	lossdp: -156.307
recon: 904.898	lossdp: -156.844
recon: 914.166	lossdp: -158.503
recon: 909.781	lossdp: -156.834
Epoch: 408/500, train loss: 754.523

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6927499508041027
nmi: 0.8176494259922971
sc: 0.3035764
recon: 929.053	lossdp: -156.440
recon: 884.655	lossdp: -158.058
recon: 921.483	lossdp: -157.994
recon: 885.102	lossdp: -157.407
recon: 891.257	lossdp: -157.459
recon: 851.926	lossdp: -158.304
recon: 905.047	lossdp: -156.859
recon: 920.568	lossdp: -157.913
recon: 920.368	lossdp: -156.970
recon: 922.006	lossdp: -156.528
recon: 956.894	lossdp: -157.208
recon: 930.594	lossdp: -157.270
recon: 905.373	lossdp: -157.329
recon: 915.565	lossdp: -157.480
recon: 941.385	lossdp: -157.814
recon: 919.655	lossdp: -158.406
recon: 943.063	lossdp: -156.076
Epoch: 409/500, train loss: 756.969

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6987145346990499
nmi: 0.8226597556146824
sc: 0.30149513
recon: 885.394	lossdp: -157.953
recon: 945.900	lossdp: -156.808
recon: 907.386	lossdp: -158.055
recon: 922.446	lossdp: -158.057
recon: 942.096	lossdp: -157.846
recon: 869.155	lossdp: -157.875
recon: 928.068	lossdp: -157.353
recon: 921.253	lossdp: -158.768
recon: 917.304	lossdp: -157.194
recon: 921.842	lossdp: -157.668
recon: 892.262	lossdp: -158.705
recon: 891.874	lossdp: -159.222
recon: 884.661	lossdp: -158.373
recon: 933.015	lossdp: -157.618
recon: 912.400	lossdp: -158.027
recon: 911.275	lossdp: -158.111
recon: 952.277	lossdp: -157.427
Epoch: 410/500, train loss: 756.091

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6989221285797794
nmi: 0.824306168087754
sc: 0.30225644
recon: 912.326	lossdp: -158.709
recon: 913.236	lossdp: -158.098
recon: 866.580	lossdp: -158.725
recon: 907.296	lossdp: -158.970
recon: 923.866	lossdp: -158.279
recon: 911.161	lossdp: -159.689
recon: 910.987	lossdp: -158.959
recon: 910.657	lossdp: -158.913
recon: 916.607	lossdp: -159.170
recon: 915.688	lossdp: -159.216
recon: 925.909	lossdp: -159.316
recon: 916.224	lossdp: -158.587
recon: 946.861	lossdp: -159.217
recon: 867.238	lossdp: -158.849
recon: 941.269	lossdp: -158.201
recon: 903.751	lossdp: -158.626
recon: 900.099	lossdp: -159.418
Epoch: 411/500, train loss: 752.283

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6954034324378248
nmi: 0.8200597426824687
sc: 0.30251777
recon: 938.151	lossdp: -158.846
recon: 867.777	lossdp: -160.256
recon: 897.310	lossdp: -159.004
recon: 880.768	lossdp: -160.367
recon: 904.808	lossdp: -159.122
recon: 903.602	lossdp: -159.076
recon: 929.603	lossdp: -159.047
recon: 906.003	lossdp: -159.294
recon: 912.001	lossdp: -158.604
recon: 911.414	lossdp: -158.985
recon: 905.225	lossdp: -159.484
recon: 903.054	lossdp: -159.898
recon: 906.352	lossdp: -160.042
recon: 927.845	lossdp: -159.350
recon: 930.696	lossdp: -159.125
recon: 950.196	lossdp: -159.338
recon: 968.466	lossdp: -158.434
Epoch: 412/500, train loss: 755.000

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.700470472339949
nmi: 0.8220968404510623
sc: 0.30047852
recon: 885.331	lossdp: -161.079
recon: 921.303	lossdp: -159.494
recon: 924.727	lossdp: -159.552
recon: 919.786	lossdp: -159.195
recon: 916.773	lossdp: -158.494
recon: 931.544	lossdp: -160.979
recon: 896.517	lossdp: -159.316
recon: 912.675	lossdp: -159.479
recon: 906.586	lossdp: -159.495
recon: 902.484	lossdp: -160.245
recon: 921.168	lossdp: -160.345
recon: 926.899	lossdp: -159.279
recon: 903.543	lossdp: -160.372
recon: 893.701	lossdp: -160.869
recon: 906.370	lossdp: -160.355
recon: 919.609	lossdp: -160.987
recon: 892.357	lossdp: -160.350
Epoch: 413/500, train loss: 750.676

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7014989532556183
nmi: 0.822365430758188
sc: 0.3017071
recon: 898.672	lossdp: -160.840
recon: 949.904	lossdp: -161.118
recon: 891.880	lossdp: -160.526
recon: 929.539	lossdp: -160.269
recon: 892.998	lossdp: -160.469
recon: 891.737	lossdp: -160.127
recon: 970.633	lossdp: -159.959
recon: 909.125	lossdp: -160.181
recon: 904.928	lossdp: -160.827
recon: 865.634	lossdp: -161.219
recon: 914.650	lossdp: -159.943
recon: 893.532	lossdp: -160.048
recon: 911.802	lossdp: -159.462
recon: 935.823	lossdp: -159.481
recon: 866.424	lossdp: -161.590
recon: 930.668	lossdp: -160.005
recon: 913.784	lossdp: -160.615
Epoch: 414/500, train loss: 749.709

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.700566084805449
nmi: 0.822453183075892
sc: 0.30191627
recon: 919.332	lossdp: -159.637
recon: 910.949	lossdp: -160.312
recon: 895.390	lossdp: -161.232
recon: 923.697	lossdp: -159.782
recon: 905.355	lossdp: -160.695
recon: 936.221	lossdp: -160.870
recon: 890.878	lossdp: -160.965
recon: 912.577	lossdp: -160.385
recon: 888.437	lossdp: -161.177
recon: 905.176	lossdp: -160.886
recon: 924.834	lossdp: -161.318
recon: 949.009	lossdp: -160.622
recon: 903.649	lossdp: -161.242
recon: 895.501	lossdp: -161.785
recon: 913.482	lossdp: -160.657
recon: 895.483	lossdp: -161.501
recon: 942.078	lossdp: -160.398
Epoch: 415/500, train loss: 751.681

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7029529857170213
nmi: 0.8243411836488317
sc: 0.3016894
recon: 912.594	lossdp: -161.283
recon: 861.859	lossdp: -162.883
recon: 888.289	lossdp: -162.007
recon: 892.122	lossdp: -160.845
recon: 884.544	lossdp: -161.122
recon: 889.192	lossdp: -162.519
recon: 906.223	lossdp: -161.432
recon: 907.254	lossdp: -161.776
recon: 948.961	lossdp: -160.113
recon: 927.382	lossdp: -161.276
recon: 918.883	lossdp: -162.073
recon: 885.356	lossdp: -161.658
recon: 945.639	lossdp: -160.950
recon: 932.330	lossdp: -162.106
recon: 928.801	lossdp: -160.682
recon: 917.269	lossdp: -161.035
recon: 921.453	lossdp: -161.547
Epoch: 416/500, train loss: 748.403

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7044355039135615
nmi: 0.8272171037545759
sc: 0.30374667
recon: 912.649	lossdp: -161.195
recon: 900.876	lossdp: -162.091
recon: 910.323	lossdp: -161.693
recon: 962.241	lossdp: -161.524
recon: 909.775	lossdp: -161.258
recon: 952.508	lossdp: -161.826
recon: 900.385	lossdp: -161.674
recon: 894.299	lossdp: -162.030
recon: 893.819	lossdp: -162.008
recon: 873.125	lossdp: -162.424
recon: 910.312	lossdp: -161.664
recon: 924.275	lossdp: -162.757
recon: 884.766	lossdp: -162.163
recon: 920.537	lossdp: -161.330
recon: 920.602	lossdp: -162.199
recon: 898.376	lossdp: -161.458
recon: 948.666	lossdp: -161.918
Epoch: 417/500, train loss: 750.960

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7054180055219503
nmi: 0.8263514523116636
sc: 0.3039751
recon: 910.066	lossdp: -162.082
recon: 920.288	lossdp: -161.577
recon: 920.138	lossdp: -162.644
recon: 955.375	lossdp: -162.397
recon: 892.364	lossdp: -162.596
recon: 878.939	lossdp: -162.793
recon: 891.823	lossdp: -162.626
recon: 907.719	lossdp: -162.703
recon: 866.432	lossdp: -162.729
recon: 911.219	lossdp: -162.074
recon: 935.359	lossdp: -162.132
recon: 928.937	lossdp: -162.525
recon: 918.460	lossdp: -162.555
recon: 904.512	lossdp: -161.687
recon: 927.081	lossdp: -162.559
recon: 883.555	lossdp: -163.746
recon: 904.287	lossdp: -163.526
Epoch: 418/500, train loss: 746.683

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7073254664129922
nmi: 0.830050783679244
sc: 0.30655557
recon: 917.921	lossdp: -162.019
recon: 874.410	lossdp: -162.984
recon: 925.945	lossdp: -162.631
recon: 941.284	lossdp: -163.292
recon: 912.525	lossdp: -163.583
recon: 894.814	lossdp: -163.384
recon: 900.824	lossdp: -162.892
recon: 902.383	lossdp: -162.007
recon: 896.564	lossdp: -162.305
recon: 910.295	lossdp: -162.937
recon: 920.883	lossdp: -162.378
recon: 917.656	lossdp: -162.765
recon: 884.293	lossdp: -163.661
recon: 918.149	lossdp: -162.489
recon: 933.710	lossdp: -162.988
recon: 912.048	lossdp: -162.154
recon: 924.066	lossdp: -163.752
Epoch: 419/500, train loss: 748.209

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7087256453432029
nmi: 0.8285092271410052
sc: 0.30589533
recon: 869.263	lossdp: -163.824
recon: 895.992	lossdp: -163.084
recon: 907.131	lossdp: -162.987
recon: 907.191	lossdp: -163.084
recon: 923.566	lossdp: -162.542
recon: 899.643	lossdp: -163.527
recon: 930.849	lossdp: -162.589
recon: 888.509	lossdp: -164.082
recon: 914.383	lossdp: -163.079
recon: 905.338	lossdp: -163.485
recon: 887.500	lossdp: -163.992
recon: 943.266	lossdp: -162.310
recon: 938.166	lossdp: -162.156
recon: 932.491	lossdp: -163.164
recon: 883.258	lossdp: -163.769
recon: 918.089	lossdp: -163.445
recon: 897.218	lossdp: -164.636
Epoch: 420/500, train loss: 745.065

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7107064735136978
nmi: 0.8301741783643156
sc: 0.3042802
recon: 925.101	lossdp: -162.865
recon: 905.275	lossdp: -164.064
recon: 881.499	lossdp: -163.861
recon: 897.748	lossdp: -163.263
recon: 948.934	lossdp: -163.426
recon: 922.421	lossdp: -163.712
recon: 913.402	lossdp: -164.238
recon: 918.084	lossdp: -163.898
recon: 909.353	lossdp: -163.455
recon: 926.380	lossdp: -163.830
recon: 922.497	lossdp: -162.775
recon: 885.071	lossdp: -164.062
recon: 882.085	lossdp: -164.421
recon: 907.987	lossdp: -164.231
recon: 881.950	lossdp: -163.845
recon: 910.812	lossdp: -164.152
recon: 941.414	lossdp: -164.142
Epoch: 421/500, train loss: 746.810

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7099199748443582
nmi: 0.8288034411772028
sc: 0.30238566
recon: 931.192	lossdp: -163.964
recon: 885.699	lossdp: -163.967
recon: 914.115	lossdp: -163.334
recon: 910.019	lossdp: -165.447
recon: 954.101	lossdp: -163.175
recon: 926.124	lossdp: -163.959
recon: 889.893	lossdp: -165.090
recon: 916.707	lossdp: -163.754
recon: 888.722	lossdp: -164.686
recon: 899.212	lossdp: -164.163
recon: 902.412	lossdp: -164.577
recon: 918.170	lossdp: -165.407
recon: 904.550	lossdp: -164.244
recon: 903.607	lossdp: -164.852
recon: 909.127	lossdp: -163.496
recon: 892.571	lossdp: -164.205
recon: 930.190	lossdp: -163.736
Epoch: 422/500, train loss: 746.139

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7107798164006033
nmi: 0.8288872411830933
sc: 0.3046509
recon: 942.933	lossdp: -164.265
recon: 876.705	lossdp: -164.683
recon: 883.771	lossdp: -165.254
recon: 902.891	lossdp: -164.320
recon: 906.441	lossdp: -164.395
recon: 924.045	lossdp: -164.499
recon: 934.289	lossdp: -164.378
recon: 898.551	lossdp: -164.620
recon: 897.128	lossdp: -164.221
recon: 892.212	lossdp: -164.657
recon: 931.432	lossdp: -164.960
recon: 921.517	lossdp: -165.419
recon: 902.052	lossdp: -165.238
recon: 923.868	lossdp: -164.170
recon: 909.974	lossdp: -164.483
recon: 907.260	lossdp: -164.180
recon: 931.839	lossdp: -164.624
Epoch: 423/500, train loss: 746.385

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7131641566914723
nmi: 0.8316788179596137
sc: 0.30420184
recon: 898.811	lossdp: -165.357
recon: 920.770	lossdp: -165.194
recon: 930.985	lossdp: -164.208
recon: 899.452	lossdp: -164.875
recon: 941.615	lossdp: -164.352
recon: 911.294	lossdp: -164.231
recon: 889.820	lossdp: -164.737
recon: 899.827	lossdp: -164.830
recon: 886.983	lossdp: -165.796
recon: 902.090	lossdp: -164.617
recon: 949.135	lossdp: -165.042
recon: 884.577	lossdp: -164.642
recon: 901.934	lossdp: -164.829
recon: 915.953	lossdp: -165.210
recon: 913.736	lossdp: -165.451
recon: 882.074	lossdp: -166.231
recon: 911.839	lossdp: -165.547
Epoch: 424/500, train loss: 743.279

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7129229648358552
nmi: 0.8302236903795485
sc: 0.3024653
recon: 892.857	lossdp: -165.694
recon: 892.898	lossdp: -165.761
recon: 911.607	lossdp: -165.141
recon: 898.127	lossdp: -164.752
recon: 920.524	lossdp: -164.675
recon: 900.974	lossdp: -164.869
recon: 924.787	lossdp: -165.707
recon: 866.110	lossdp: -165.952
recon: 901.001	lossdp: -165.148
recon: 928.116	lossdp: -165.433
recon: 913.079	lossdp: -165.460
recon: 914.318	lossdp: -165.023
recon: 913.676	lossdp: -165.501
recon: 924.536	lossdp: -165.875
recon: 915.527	lossdp: -166.095
recon: 906.098	lossdp: -166.386
recon: 886.617	lossdp: -164.946
Epoch: 425/500, train loss: 741.084

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.712888469733699
nmi: 0.8293030188514879
sc: 0.29856074
recon: 890.290	lossdp: -165.952
recon: 923.828	lossdp: -165.472
recon: 888.885	lossdp: -165.249
recon: 924.101	lossdp: -164.793
recon: 929.474	lossdp: -164.864
recon: 928.122	lossdp: -164.868
recon: 889.761	lossdp: -165.575
recon: 885.362	lossdp: -166.563
recon: 902.287	lossdp: -165.534
recon: 864.871	lossdp: -165.712
recon: 879.896	lossdp: -166.422
recon: 924.365	lossdp: -165.544
recon: 936.277	lossdp: -166.224
recon: 910.594	lossdp: -166.520
recon: 921.150	lossdp: -165.649
recon: 934.539	lossdp: -165.539
recon: 907.201	lossdp: -166.131
Epoch: 426/500, train loss: 742.611

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7146876125513343
nmi: 0.8292010792920838
sc: 0.30095446
recon: 866.194	lossdp: -166.989
recon: 938.477	lossdp: -165.954
recon: 902.354	lossdp: -166.305
recon: 899.045	lossdp: -165.631
recon: 936.346	lossdp: -165.554
recon: 888.005	lossdp: -166.204
recon: 907.138	lossdp: -165.385
recon: 926.817	lossdp: -166.517
recon: 899.064	lossdp: -166.454
recon: 920.519	lossdp: -166.356
recon: 929.321	lossdp: -165.560
recon: 903.982	lossdp: -165.818
recon: 902.925	lossdp: -167.138
recon: 916.795	lossdp: -166.554
recon: 905.559	lossdp: -166.948
recon: 889.068	lossdp: -166.788
recon: 909.934	lossdp: -166.851
Epoch: 427/500, train loss: 742.032

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7171529961762663
nmi: 0.8343565439204264
sc: 0.30154872
recon: 921.137	lossdp: -165.695
recon: 913.909	lossdp: -166.778
recon: 879.971	lossdp: -167.413
recon: 874.239	lossdp: -166.966
recon: 930.590	lossdp: -165.839
recon: 901.619	lossdp: -165.890
recon: 866.551	lossdp: -166.905
recon: 927.268	lossdp: -165.720
recon: 883.793	lossdp: -166.554
recon: 936.830	lossdp: -165.834
recon: 956.330	lossdp: -165.685
recon: 899.167	lossdp: -167.250
recon: 925.040	lossdp: -166.741
recon: 897.160	lossdp: -166.038
recon: 901.872	lossdp: -166.949
recon: 922.865	lossdp: -166.379
recon: 900.687	lossdp: -166.995
Epoch: 428/500, train loss: 741.729

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7162941020107638
nmi: 0.833419490728207
sc: 0.3060891
recon: 901.276	lossdp: -166.205
recon: 894.372	lossdp: -166.903
recon: 892.921	lossdp: -166.860
recon: 919.436	lossdp: -167.054
recon: 936.648	lossdp: -166.011
recon: 891.864	lossdp: -166.480
recon: 919.817	lossdp: -167.108
recon: 865.543	lossdp: -167.465
recon: 896.946	lossdp: -167.090
recon: 895.144	lossdp: -166.787
recon: 931.402	lossdp: -166.028
recon: 887.783	lossdp: -167.014
recon: 883.493	lossdp: -166.936
recon: 902.136	lossdp: -166.690
recon: 934.188	lossdp: -166.548
recon: 939.523	lossdp: -166.492
recon: 939.740	lossdp: -166.942
Epoch: 429/500, train loss: 741.037

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7173898996632483
nmi: 0.8342087881499173
sc: 0.30356833
recon: 901.674	lossdp: -166.977
recon: 920.735	lossdp: -167.470
recon: 873.638	lossdp: -167.742
recon: 886.769	lossdp: -166.963
recon: 940.632	lossdp: -165.903
recon: 925.371	lossdp: -167.602
recon: 912.162	lossdp: -166.828
recon: 917.950	lossdp: -166.966
recon: 901.197	lossdp: -167.406
recon: 920.648	lossdp: -167.320
recon: 917.445	lossdp: -167.831
recon: 922.295	lossdp: -167.126
recon: 887.381	lossdp: -167.130
recon: 883.103	lossdp: -168.231
recon: 908.057	lossdp: -167.816
recon: 908.910	lossdp: -167.277
recon: 890.464	lossdp: -168.237
Epoch: 430/500, train loss: 739.624

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7186987877034687
nmi: 0.8346575672966282
sc: 0.303867
recon: 898.351	lossdp: -167.544
recon: 919.594	lossdp: -167.156
recon: 889.305	lossdp: -167.698
recon: 898.100	lossdp: -167.602
recon: 879.729	lossdp: -167.623
recon: 891.361	lossdp: -167.398
recon: 896.340	lossdp: -168.235
recon: 936.237	lossdp: -167.678
recon: 923.811	lossdp: -167.137
recon: 880.821	lossdp: -167.943
recon: 925.274	lossdp: -167.265
recon: 929.005	lossdp: -167.868
recon: 948.854	lossdp: -167.059
recon: 899.290	lossdp: -167.881
recon: 894.579	lossdp: -167.013
recon: 900.908	lossdp: -167.761
recon: 885.076	lossdp: -168.301
Epoch: 431/500, train loss: 738.087

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7206088933718445
nmi: 0.8339631755568482
sc: 0.301619
recon: 925.684	lossdp: -167.869
recon: 899.115	lossdp: -167.708
recon: 886.603	lossdp: -167.866
recon: 914.889	lossdp: -166.817
recon: 915.686	lossdp: -168.336
recon: 894.653	lossdp: -167.871
recon: 871.875	lossdp: -168.620
recon: 884.174	lossdp: -168.582
recon: 937.119	lossdp: -167.428
recon: 898.178	lossdp: -168.008
recon: 898.690	lossdp: -168.032
recon: 898.370	lossdp: -168.472
recon: 948.761	lossdp: -167.055
recon: 915.224	lossdp: -167.476
recon: 912.640	lossdp: -167.769
recon: 900.597	lossdp: -167.852
recon: 873.051	lossdp: -168.698
Epoch: 432/500, train loss: 736.521

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7213696821145491
nmi: 0.83412606320236
sc: 0.30025074
recon: 907.220	lossdp: -168.387
recon: 895.443	lossdp: -168.917
recon: 885.228	lossdp: -168.542
recon: 897.795	lossdp: -167.444
recon: 947.988	lossdp: -168.067
recon: 893.810	lossdp: -168.528
recon: 907.359	lossdp: -168.600
recon: 911.203	lossdp: -168.477
recon: 913.749	lossdp: -167.694
recon: 873.432	lossdp: -168.272
recon: 943.024	lossdp: -166.936
recon: 907.646	lossdp: -168.878
recon: 927.168	lossdp: -167.297
recon: 879.607	lossdp: -168.032
recon: 913.352	lossdp: -167.653
recon: 905.515	lossdp: -167.903
recon: 924.859	lossdp: -168.188
Epoch: 433/500, train loss: 739.799

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7227644653066005
nmi: 0.834950247074196
sc: 0.299415
recon: 892.641	lossdp: -168.698
recon: 856.547	lossdp: -169.073
recon: 895.929	lossdp: -168.019
recon: 941.429	lossdp: -167.420
recon: 925.933	lossdp: -168.570
recon: 910.986	lossdp: -168.177
recon: 926.422	lossdp: -168.592
recon: 896.013	lossdp: -168.376
recon: 867.961	lossdp: -169.808
recon: 894.498	lossdp: -169.085
recon: 899.207	lossdp: -168.516
recon: 926.527	lossdp: -168.307
recon: 881.589	lossdp: -168.917
recon: 925.942	lossdp: -168.610
recon: 922.566	lossdp: -168.344
recon: 924.401	lossdp: -167.807
recon: 908.991	lossdp: -168.868
Epoch: 434/500, train loss: 737.200

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7239393719463684
nmi: 0.8393104551169177
sc: 0.29886192
recon: 926.308	lossdp: -167.605
recon: 913.117	lossdp: -168.711
recon: 911.045	lossdp: -169.059
recon: 896.252	lossdp: -168.847
recon: 932.841	lossdp: -169.189
recon: 890.710	lossdp: -168.650
recon: 929.103	lossdp: -167.720
recon: 910.952	lossdp: -168.748
recon: 861.632	lossdp: -169.248
recon: 925.668	lossdp: -168.873
recon: 882.321	lossdp: -169.413
recon: 903.217	lossdp: -169.393
recon: 906.959	lossdp: -168.930
recon: 889.025	lossdp: -169.357
recon: 891.756	lossdp: -168.817
recon: 922.005	lossdp: -168.572
recon: 895.252	lossdp: -169.501
Epoch: 435/500, train loss: 736.325

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7285350519926869
nmi: 0.841045175326541
sc: 0.30029136
recon: 900.383	lossdp: -169.281
recon: 944.832	lossdp: -168.434
recon: 925.773	lossdp: -168.257
recon: 904.097	lossdp: -167.933
recon: 867.859	lossdp: -169.222
recon: 863.370	lossdp: -170.138
recon: 927.001	lossdp: -169.211
recon: 931.892	lossdp: -168.634
recon: 887.753	lossdp: -170.208
recon: 899.417	lossdp: -168.926
recon: 941.806	lossdp: -167.875
recon: 922.469	lossdp: -169.309
recon: 894.550	lossdp: -168.487
recon: 864.077	lossdp: -169.516
recon: 934.328	lossdp: -168.674
recon: 879.248	lossdp: -169.685
recon: 900.336	lossdp: -169.794
Epoch: 436/500, train loss: 736.212

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7285095941463311
nmi: 0.8442741417979142
sc: 0.30449784
recon: 916.633	lossdp: -168.113
recon: 908.353	lossdp: -168.644
recon: 904.498	lossdp: -169.145
recon: 902.237	lossdp: -168.918
recon: 928.700	lossdp: -168.960
recon: 897.766	lossdp: -169.053
recon: 926.742	lossdp: -168.935
recon: 895.767	lossdp: -169.126
recon: 927.375	lossdp: -168.955
recon: 893.252	lossdp: -169.554
recon: 924.921	lossdp: -169.624
recon: 890.127	lossdp: -169.634
recon: 857.844	lossdp: -169.669
recon: 914.678	lossdp: -169.242
recon: 889.780	lossdp: -169.280
recon: 895.589	lossdp: -169.707
recon: 900.128	lossdp: -168.997
Epoch: 437/500, train loss: 735.226

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7305345791806688
nmi: 0.8436752690802222
sc: 0.29838872
recon: 936.934	lossdp: -168.168
recon: 907.175	lossdp: -169.433
recon: 886.123	lossdp: -169.152
recon: 871.601	lossdp: -169.330
recon: 906.270	lossdp: -169.612
recon: 907.120	lossdp: -169.072
recon: 903.090	lossdp: -169.525
recon: 897.842	lossdp: -169.601
recon: 932.611	lossdp: -168.783
recon: 878.034	lossdp: -169.770
recon: 897.732	lossdp: -169.480
recon: 917.479	lossdp: -169.138
recon: 873.164	lossdp: -170.407
recon: 936.468	lossdp: -169.503
recon: 908.147	lossdp: -169.228
recon: 948.579	lossdp: -169.228
recon: 930.193	lossdp: -168.829
Epoch: 438/500, train loss: 738.841

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7321294878515408
nmi: 0.845576485739606
sc: 0.29814756
recon: 944.256	lossdp: -169.341
recon: 930.407	lossdp: -169.238
recon: 859.101	lossdp: -169.353
recon: 897.323	lossdp: -169.862
recon: 945.837	lossdp: -168.954
recon: 936.099	lossdp: -169.335
recon: 898.867	lossdp: -169.680
recon: 901.537	lossdp: -170.210
recon: 902.871	lossdp: -169.885
recon: 895.442	lossdp: -168.933
recon: 889.611	lossdp: -169.978
recon: 870.657	lossdp: -170.125
recon: 873.701	lossdp: -170.169
recon: 935.689	lossdp: -169.232
recon: 890.388	lossdp: -169.551
recon: 906.280	lossdp: -169.488
recon: 914.425	lossdp: -169.783
Epoch: 439/500, train loss: 735.845

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.732870023548058
nmi: 0.8453847722733793
sc: 0.30121323
recon: 948.609	lossdp: -169.110
recon: 879.603	lossdp: -169.693
recon: 928.079	lossdp: -169.858
recon: 871.414	lossdp: -170.425
recon: 877.277	lossdp: -170.270
recon: 920.850	lossdp: -169.481
recon: 920.789	lossdp: -169.910
recon: 918.069	lossdp: -169.497
recon: 906.468	lossdp: -170.094
recon: 890.779	lossdp: -170.497
recon: 910.868	lossdp: -169.871
recon: 892.318	lossdp: -170.568
recon: 923.388	lossdp: -169.217
recon: 898.679	lossdp: -169.674
recon: 873.868	lossdp: -170.832
recon: 906.499	lossdp: -169.604
recon: 920.762	lossdp: -169.812
Epoch: 440/500, train loss: 735.289

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7338319541488143
nmi: 0.8458169088262331
sc: 0.3035206
recon: 904.602	lossdp: -169.477
recon: 859.812	lossdp: -170.909
recon: 922.085	lossdp: -169.955
recon: 872.809	lossdp: -169.658
recon: 891.586	lossdp: -171.192
recon: 893.269	lossdp: -170.016
recon: 915.402	lossdp: -170.435
recon: 904.951	lossdp: -170.454
recon: 863.897	lossdp: -171.126
recon: 898.619	lossdp: -171.097
recon: 943.857	lossdp: -169.741
recon: 929.922	lossdp: -169.648
recon: 914.599	lossdp: -170.777
recon: 882.920	lossdp: -171.207
recon: 930.531	lossdp: -170.143
recon: 930.286	lossdp: -170.150
recon: 918.390	lossdp: -170.262
Epoch: 441/500, train loss: 734.194

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.735328203589204
nmi: 0.8463512794287246
sc: 0.30319777
recon: 897.266	lossdp: -170.518
recon: 922.735	lossdp: -170.378
recon: 913.592	lossdp: -169.897
recon: 878.600	lossdp: -170.965
recon: 920.157	lossdp: -170.266
recon: 887.432	lossdp: -171.255
recon: 913.713	lossdp: -170.434
recon: 904.759	lossdp: -169.591
recon: 896.914	lossdp: -171.524
recon: 894.147	lossdp: -170.198
recon: 885.434	lossdp: -171.821
recon: 933.996	lossdp: -170.401
recon: 909.612	lossdp: -170.388
recon: 892.631	lossdp: -170.534
recon: 909.859	lossdp: -170.788
recon: 917.159	lossdp: -170.942
recon: 930.150	lossdp: -169.755
Epoch: 442/500, train loss: 735.794

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.735993021110548
nmi: 0.8470629940803005
sc: 0.30059126
recon: 909.361	lossdp: -170.408
recon: 873.215	lossdp: -171.420
recon: 877.149	lossdp: -171.407
recon: 907.054	lossdp: -171.071
recon: 921.104	lossdp: -170.497
recon: 895.444	lossdp: -170.828
recon: 913.535	lossdp: -170.573
recon: 964.883	lossdp: -170.011
recon: 919.353	lossdp: -169.457
recon: 889.441	lossdp: -171.105
recon: 895.057	lossdp: -170.637
recon: 924.023	lossdp: -170.945
recon: 910.551	lossdp: -170.243
recon: 870.981	lossdp: -171.471
recon: 921.870	lossdp: -170.464
recon: 907.249	lossdp: -170.534
recon: 893.325	lossdp: -171.126
Epoch: 443/500, train loss: 734.788

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7370535868053983
nmi: 0.8472534677373919
sc: 0.30350554
recon: 912.254	lossdp: -171.039
recon: 879.640	lossdp: -171.081
recon: 913.830	lossdp: -171.630
recon: 880.918	lossdp: -170.851
recon: 899.550	lossdp: -169.895
recon: 909.199	lossdp: -170.909
recon: 896.473	lossdp: -171.328
recon: 897.565	lossdp: -171.265
recon: 917.825	lossdp: -170.667
recon: 909.620	lossdp: -170.822
recon: 897.731	lossdp: -170.777
recon: 914.381	lossdp: -170.780
recon: 909.729	lossdp: -170.368
recon: 933.156	lossdp: -170.306
recon: 892.622	lossdp: -171.303
recon: 915.739	lossdp: -171.476
recon: 911.247	lossdp: -170.598
Epoch: 444/500, train loss: 734.493

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7390609748811646
nmi: 0.8485075789888961
sc: 0.2994312
recon: 923.667	lossdp: -170.986
recon: 906.403	lossdp: -170.691
recon: 900.105	lossdp: -171.100
recon: 918.553	lossdp: -170.937
recon: 904.068	lossdp: -170.748
recon: 895.114	lossdp: -170.247
recon: 882.306	lossdp: -170.992
recon: 883.058	lossdp: -171.217
recon: 903.916	lossdp: -170.588
recon: 856.985	lossdp: -171.610
recon: 899.698	lossdp: -171.498
recon: 943.911	lossdp: -170.558
recon: 903.692	lossdp: -171.715
recon: 925.124	lossdp: -171.173
recon: 900.628	lossdp: -171.378
recon: 931.052	lossdp: -170.664
recon: 917.693	lossdp: -170.520
Epoch: 445/500, train loss: 734.668

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7406998580707721
nmi: 0.8498070162261856
sc: 0.29850128
recon: 916.100	lossdp: -171.299
recon: 924.152	lossdp: -170.321
recon: 885.512	lossdp: -171.673
recon: 938.955	lossdp: -171.392
recon: 901.256	lossdp: -170.754
recon: 919.022	lossdp: -171.085
recon: 906.698	lossdp: -170.997
recon: 896.431	lossdp: -171.695
recon: 917.905	lossdp: -171.781
recon: 902.984	lossdp: -171.030
recon: 900.128	lossdp: -170.833
recon: 921.013	lossdp: -171.239
recon: 916.046	lossdp: -171.087
recon: 902.487	lossdp: -171.243
recon: 879.279	lossdp: -171.287
recon: 860.452	lossdp: -172.343
recon: 897.690	lossdp: -171.621
Epoch: 446/500, train loss: 733.790

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7477390409698691
nmi: 0.8604548973675884
sc: 0.30209205
recon: 893.349	lossdp: -171.713
recon: 895.147	lossdp: -171.179
recon: 867.054	lossdp: -171.561
recon: 914.070	lossdp: -171.374
recon: 897.846	lossdp: -171.466
recon: 908.937	lossdp: -171.817
recon: 887.364	lossdp: -172.073
recon: 906.621	lossdp: -171.062
recon: 878.670	lossdp: -171.408
recon: 910.950	lossdp: -171.884
recon: 893.113	lossdp: -171.409
recon: 965.172	lossdp: -171.281
recon: 917.867	lossdp: -171.057
recon: 909.699	lossdp: -170.956
recon: 914.124	lossdp: -171.501
recon: 910.839	lossdp: -172.014
recon: 882.721	lossdp: -171.763
Epoch: 447/500, train loss: 731.649

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7443213897484329
nmi: 0.8510263266905045
sc: 0.30221695
recon: 906.005	lossdp: -171.015
recon: 911.935	lossdp: -171.041
recon: 905.653	lossdp: -171.802
recon: 908.516	lossdp: -171.738
recon: 908.120	lossdp: -172.240
recon: 892.322	lossdp: -172.129
recon: 915.631	lossdp: -171.485
recon: 882.977	lossdp: -171.717
recon: 900.732	lossdp: -171.368
recon: 918.085	lossdp: -171.387
recon: 898.853	lossdp: -171.286
recon: 873.390	lossdp: -172.069
recon: 884.407	lossdp: -171.628
recon: 929.049	lossdp: -170.667
recon: 933.818	lossdp: -171.113
recon: 905.157	lossdp: -171.844
recon: 900.171	lossdp: -171.934
Epoch: 448/500, train loss: 732.845

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7443137051082733
nmi: 0.8518128777562802
sc: 0.30102625
recon: 888.413	lossdp: -172.285
recon: 878.965	lossdp: -172.102
recon: 921.425	lossdp: -171.639
recon: 889.829	lossdp: -171.777
recon: 893.995	lossdp: -171.491
recon: 949.374	lossdp: -170.953
recon: 905.730	lossdp: -171.820
recon: 878.553	lossdp: -172.228
recon: 885.975	lossdp: -172.022
recon: 946.824	lossdp: -171.460
recon: 889.597	lossdp: -172.282
recon: 900.105	lossdp: -171.475
recon: 884.144	lossdp: -172.270
recon: 918.206	lossdp: -172.185
recon: 937.167	lossdp: -171.621
recon: 896.227	lossdp: -172.316
recon: 894.192	lossdp: -172.488
Epoch: 449/500, train loss: 731.547

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7458608601267237
nmi: 0.853220229596857
sc: 0.30403933
recon: 938.192	lossdp: -172.188
recon: 909.486	lossdp: -171.803
recon: 960.166	lossdp: -171.709
recon: 881.216	lossdp: -172.256
recon: 913.151	lossdp: -172.325
recon: 883.146	lossdp: -172.182
recon: 922.500	lossdp: -172.260
recon: 912.900	lossdp: -171.661
recon: 878.163	lossdp: -172.182
recon: 895.318	lossdp: -172.738
recon: 953.635	lossdp: -171.949
recon: 888.085	lossdp: -171.651
recon: 904.273	lossdp: -171.936
recon: 885.709	lossdp: -171.855
recon: 855.478	lossdp: -172.026
recon: 882.728	lossdp: -171.821
recon: 906.097	lossdp: -172.453
Epoch: 450/500, train loss: 732.073

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7460647488874244
nmi: 0.8534794761581527
sc: 0.30273515
recon: 901.882	lossdp: -172.374
recon: 916.162	lossdp: -172.236
recon: 956.388	lossdp: -170.766
recon: 889.107	lossdp: -172.553
recon: 900.185	lossdp: -171.813
recon: 936.507	lossdp: -171.414
recon: 923.114	lossdp: -171.649
recon: 951.471	lossdp: -170.715
recon: 888.251	lossdp: -172.677
recon: 904.449	lossdp: -172.050
recon: 863.941	lossdp: -172.921
recon: 866.210	lossdp: -172.639
recon: 861.379	lossdp: -172.944
recon: 887.403	lossdp: -172.213
recon: 901.417	lossdp: -172.108
recon: 906.532	lossdp: -172.268
recon: 916.564	lossdp: -172.011
Epoch: 451/500, train loss: 732.095

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7483707964290531
nmi: 0.8545314866794689
sc: 0.30150437
recon: 904.071	lossdp: -171.876
recon: 939.318	lossdp: -170.979
recon: 900.037	lossdp: -172.363
recon: 908.354	lossdp: -173.139
recon: 890.860	lossdp: -171.234
recon: 910.623	lossdp: -171.597
recon: 896.933	lossdp: -171.833
recon: 921.686	lossdp: -172.182
recon: 889.011	lossdp: -172.198
recon: 890.411	lossdp: -172.549
recon: 895.720	lossdp: -172.504
recon: 877.012	lossdp: -173.284
recon: 889.277	lossdp: -173.375
recon: 888.670	lossdp: -172.201
recon: 901.265	lossdp: -172.490
recon: 964.533	lossdp: -171.026
recon: 903.151	lossdp: -172.080
Epoch: 452/500, train loss: 732.001

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7480989121094039
nmi: 0.8532792170759665
sc: 0.29827994
recon: 900.315	lossdp: -172.141
recon: 878.761	lossdp: -172.167
recon: 945.132	lossdp: -171.612
recon: 910.244	lossdp: -172.230
recon: 910.089	lossdp: -172.085
recon: 872.927	lossdp: -172.865
recon: 922.485	lossdp: -172.549
recon: 924.168	lossdp: -171.714
recon: 899.440	lossdp: -172.438
recon: 877.266	lossdp: -172.827
recon: 930.041	lossdp: -171.972
recon: 919.135	lossdp: -172.693
recon: 910.361	lossdp: -171.944
recon: 866.926	lossdp: -172.853
recon: 851.361	lossdp: -173.016
recon: 907.372	lossdp: -172.633
recon: 884.114	lossdp: -172.151
Epoch: 453/500, train loss: 728.250

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7501812125857448
nmi: 0.8542549672273518
sc: 0.29628545
recon: 870.559	lossdp: -172.281
recon: 884.051	lossdp: -172.462
recon: 904.813	lossdp: -172.274
recon: 902.997	lossdp: -172.738
recon: 905.487	lossdp: -173.110
recon: 908.627	lossdp: -172.272
recon: 879.315	lossdp: -172.555
recon: 901.369	lossdp: -173.060
recon: 877.827	lossdp: -172.689
recon: 907.468	lossdp: -172.845
recon: 926.117	lossdp: -172.205
recon: 901.957	lossdp: -172.647
recon: 900.540	lossdp: -172.714
recon: 941.324	lossdp: -172.208
recon: 912.261	lossdp: -172.050
recon: 901.986	lossdp: -172.795
recon: 903.247	lossdp: -172.336
Epoch: 454/500, train loss: 729.218

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7513938443186006
nmi: 0.8529734424719901
sc: 0.29965535
recon: 894.681	lossdp: -173.497
recon: 917.690	lossdp: -171.959
recon: 923.529	lossdp: -172.477
recon: 885.289	lossdp: -173.311
recon: 911.067	lossdp: -173.033
recon: 918.934	lossdp: -171.771
recon: 866.097	lossdp: -172.883
recon: 889.415	lossdp: -172.242
recon: 890.488	lossdp: -173.130
recon: 932.020	lossdp: -172.057
recon: 889.724	lossdp: -172.719
recon: 875.185	lossdp: -173.220
recon: 943.261	lossdp: -171.910
recon: 888.463	lossdp: -173.499
recon: 890.150	lossdp: -173.123
recon: 896.568	lossdp: -173.679
recon: 915.616	lossdp: -173.302
Epoch: 455/500, train loss: 728.845

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7531262575030245
nmi: 0.8547510284306359
sc: 0.295335
recon: 874.943	lossdp: -173.273
recon: 900.453	lossdp: -173.073
recon: 921.314	lossdp: -173.186
recon: 928.135	lossdp: -172.674
recon: 888.700	lossdp: -173.424
recon: 896.849	lossdp: -173.282
recon: 925.749	lossdp: -173.166
recon: 914.176	lossdp: -172.583
recon: 857.395	lossdp: -173.226
recon: 875.955	lossdp: -172.832
recon: 893.005	lossdp: -173.023
recon: 918.074	lossdp: -173.159
recon: 890.326	lossdp: -172.742
recon: 935.032	lossdp: -172.731
recon: 894.578	lossdp: -172.287
recon: 928.435	lossdp: -172.452
recon: 906.798	lossdp: -173.484
Epoch: 456/500, train loss: 729.960

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7526228685968279
nmi: 0.854067450260507
sc: 0.29877344
recon: 897.031	lossdp: -173.222
recon: 897.577	lossdp: -172.957
recon: 886.783	lossdp: -173.947
recon: 908.281	lossdp: -172.103
recon: 881.696	lossdp: -173.305
recon: 895.637	lossdp: -173.291
recon: 904.349	lossdp: -172.654
recon: 913.351	lossdp: -172.757
recon: 885.169	lossdp: -173.386
recon: 890.366	lossdp: -173.766
recon: 906.147	lossdp: -173.011
recon: 908.009	lossdp: -173.508
recon: 921.601	lossdp: -172.448
recon: 904.116	lossdp: -173.927
recon: 920.977	lossdp: -172.594
recon: 917.570	lossdp: -173.149
recon: 930.466	lossdp: -173.065
Epoch: 457/500, train loss: 730.943

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7547817442763534
nmi: 0.8544632509212507
sc: 0.29662764
recon: 935.594	lossdp: -172.749
recon: 948.498	lossdp: -172.650
recon: 885.328	lossdp: -173.522
recon: 895.915	lossdp: -174.043
recon: 908.471	lossdp: -172.497
recon: 881.669	lossdp: -173.663
recon: 900.386	lossdp: -173.108
recon: 901.439	lossdp: -173.175
recon: 895.496	lossdp: -173.723
recon: 923.708	lossdp: -172.719
recon: 890.570	lossdp: -173.733
recon: 901.739	lossdp: -173.593
recon: 937.517	lossdp: -172.183
recon: 868.789	lossdp: -173.806
recon: 879.007	lossdp: -173.841
recon: 885.661	lossdp: -172.948
recon: 909.771	lossdp: -173.306
Epoch: 458/500, train loss: 729.665

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7620618847598692
nmi: 0.8662175530673402
sc: 0.30069783
recon: 915.144	lossdp: -172.470
recon: 897.139	lossdp: -173.689
recon: 905.428	lossdp: -173.088
recon: 874.874	lossdp: -173.184
recon: 890.890	lossdp: -173.682
recon: 852.346	lossdp: -173.711
recon: 907.659	lossdp: -173.201
recon: 892.432	lossdp: -173.766
recon: 918.987	lossdp: -173.985
recon: 885.290	lossdp: -173.582
recon: 900.024	lossdp: -173.555
recon: 905.309	lossdp: -173.496
recon: 947.714	lossdp: -173.093
recon: 891.398	lossdp: -173.812
recon: 930.382	lossdp: -173.226
recon: 917.801	lossdp: -173.150
recon: 915.352	lossdp: -173.510
Epoch: 459/500, train loss: 729.410

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7589915483729428
nmi: 0.8575205283078842
sc: 0.3015948
recon: 883.867	lossdp: -173.651
recon: 857.891	lossdp: -173.716
recon: 886.379	lossdp: -173.734
recon: 899.448	lossdp: -173.932
recon: 914.557	lossdp: -173.133
recon: 866.192	lossdp: -173.973
recon: 915.601	lossdp: -173.901
recon: 931.818	lossdp: -172.958
recon: 894.862	lossdp: -173.585
recon: 884.678	lossdp: -174.307
recon: 894.401	lossdp: -174.434
recon: 911.423	lossdp: -173.559
recon: 925.906	lossdp: -173.376
recon: 920.693	lossdp: -173.535
recon: 892.795	lossdp: -173.114
recon: 941.069	lossdp: -173.335
recon: 912.040	lossdp: -173.443
Epoch: 460/500, train loss: 728.349

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.75653552340096
nmi: 0.8564681298393337
sc: 0.2993445
recon: 872.077	lossdp: -174.432
recon: 858.676	lossdp: -174.891
recon: 888.479	lossdp: -173.879
recon: 902.572	lossdp: -174.271
recon: 902.247	lossdp: -174.139
recon: 937.445	lossdp: -173.127
recon: 896.531	lossdp: -173.315
recon: 978.678	lossdp: -172.923
recon: 888.437	lossdp: -174.014
recon: 912.178	lossdp: -173.742
recon: 927.507	lossdp: -173.014
recon: 903.773	lossdp: -172.795
recon: 920.201	lossdp: -172.981
recon: 915.780	lossdp: -173.149
recon: 880.240	lossdp: -174.138
recon: 871.781	lossdp: -173.644
recon: 919.338	lossdp: -173.605
Epoch: 461/500, train loss: 730.816

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7296133033222161
nmi: 0.8424733518840777
sc: 0.27951652
recon: 909.884	lossdp: -174.164
recon: 865.888	lossdp: -174.410
recon: 872.391	lossdp: -174.697
recon: 910.871	lossdp: -173.963
recon: 907.676	lossdp: -173.878
recon: 921.958	lossdp: -173.426
recon: 911.518	lossdp: -173.906
recon: 924.159	lossdp: -173.329
recon: 905.129	lossdp: -173.399
recon: 902.240	lossdp: -173.335
recon: 860.996	lossdp: -173.836
recon: 902.099	lossdp: -173.974
recon: 928.831	lossdp: -173.104
recon: 902.127	lossdp: -173.828
recon: 909.521	lossdp: -172.930
recon: 895.082	lossdp: -173.852
recon: 908.996	lossdp: -173.855
Epoch: 462/500, train loss: 728.558

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7605174934707972
nmi: 0.8598362946386235
sc: 0.29834214
recon: 849.300	lossdp: -174.726
recon: 910.726	lossdp: -174.019
recon: 888.428	lossdp: -173.490
recon: 921.873	lossdp: -173.983
recon: 904.380	lossdp: -173.800
recon: 899.308	lossdp: -174.095
recon: 909.834	lossdp: -173.748
recon: 903.744	lossdp: -173.793
recon: 880.450	lossdp: -174.180
recon: 899.976	lossdp: -173.280
recon: 925.279	lossdp: -173.816
recon: 910.005	lossdp: -173.273
recon: 894.349	lossdp: -174.323
recon: 928.883	lossdp: -173.959
recon: 898.307	lossdp: -173.860
recon: 906.692	lossdp: -174.041
recon: 920.183	lossdp: -173.428
Epoch: 463/500, train loss: 729.171

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7333386182903014
nmi: 0.8449383813637384
sc: 0.26916596
recon: 899.759	lossdp: -174.008
recon: 893.932	lossdp: -174.037
recon: 878.823	lossdp: -174.861
recon: 915.693	lossdp: -173.540
recon: 911.859	lossdp: -173.955
recon: 896.438	lossdp: -174.475
recon: 913.130	lossdp: -172.868
recon: 896.450	lossdp: -174.240
recon: 902.377	lossdp: -174.273
recon: 875.834	lossdp: -174.717
recon: 886.569	lossdp: -173.851
recon: 911.459	lossdp: -174.004
recon: 919.477	lossdp: -173.876
recon: 947.899	lossdp: -173.683
recon: 902.331	lossdp: -173.743
recon: 877.037	lossdp: -173.697
recon: 925.664	lossdp: -172.827
Epoch: 464/500, train loss: 729.298

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7443139876282624
nmi: 0.8482530995914128
sc: 0.2706977
recon: 881.939	lossdp: -174.309
recon: 907.193	lossdp: -173.937
recon: 894.752	lossdp: -174.698
recon: 905.365	lossdp: -174.511
recon: 893.879	lossdp: -174.386
recon: 936.609	lossdp: -173.129
recon: 879.610	lossdp: -174.288
recon: 948.680	lossdp: -173.172
recon: 922.688	lossdp: -174.126
recon: 892.198	lossdp: -173.802
recon: 888.371	lossdp: -174.506
recon: 904.534	lossdp: -174.107
recon: 878.021	lossdp: -174.181
recon: 882.460	lossdp: -174.215
recon: 920.510	lossdp: -174.385
recon: 893.199	lossdp: -174.706
recon: 906.719	lossdp: -173.608
Epoch: 465/500, train loss: 728.039

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7584240045510686
nmi: 0.8579220824644833
sc: 0.2967675
recon: 858.456	lossdp: -174.844
recon: 895.848	lossdp: -174.943
recon: 922.357	lossdp: -173.324
recon: 978.077	lossdp: -173.423
recon: 864.699	lossdp: -174.256
recon: 898.950	lossdp: -174.219
recon: 893.439	lossdp: -174.031
recon: 875.667	lossdp: -174.429
recon: 909.918	lossdp: -173.663
recon: 873.042	lossdp: -174.057
recon: 929.824	lossdp: -173.151
recon: 876.569	lossdp: -173.976
recon: 918.141	lossdp: -174.091
recon: 896.387	lossdp: -174.438
recon: 922.861	lossdp: -174.415
recon: 888.701	lossdp: -173.799
recon: 890.805	lossdp: -174.974
Epoch: 466/500, train loss: 725.512

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7519683934708191
nmi: 0.8565310001155972
sc: 0.2778506
recon: 921.059	lossdp: -173.554
recon: 891.415	lossdp: -174.131
recon: 921.834	lossdp: -174.274
recon: 894.694	lossdp: -174.280
recon: 958.543	lossdp: -173.350
recon: 889.285	lossdp: -174.224
recon: 864.276	lossdp: -173.986
recon: 885.544	lossdp: -175.124
recon: 908.138	lossdp: -173.684
recon: 876.241	lossdp: -174.651
recon: 915.270	lossdp: -174.629
recon: 870.318	lossdp: -174.975
recon: 913.285	lossdp: -174.245
recon: 867.410	lossdp: -174.706
recon: 890.186	lossdp: -174.932
recon: 957.937	lossdp: -174.359
recon: 895.591	lossdp: -175.146
Epoch: 467/500, train loss: 726.869

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7500917768969381
nmi: 0.852673398262203
sc: 0.27071026
recon: 921.408	lossdp: -174.549
recon: 889.645	lossdp: -175.002
recon: 895.449	lossdp: -174.499
recon: 923.572	lossdp: -174.174
recon: 898.275	lossdp: -174.066
recon: 921.696	lossdp: -174.167
recon: 894.640	lossdp: -174.266
recon: 895.749	lossdp: -175.149
recon: 899.532	lossdp: -174.763
recon: 932.899	lossdp: -174.011
recon: 897.935	lossdp: -174.497
recon: 880.150	lossdp: -174.685
recon: 901.512	lossdp: -174.907
recon: 904.232	lossdp: -174.502
recon: 923.648	lossdp: -174.185
recon: 860.031	lossdp: -175.353
recon: 883.954	lossdp: -174.140
Epoch: 468/500, train loss: 726.907

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7625221299977208
nmi: 0.8693013876956522
sc: 0.26499262
recon: 890.683	lossdp: -174.201
recon: 919.609	lossdp: -174.241
recon: 896.150	lossdp: -174.345
recon: 899.603	lossdp: -174.964
recon: 899.727	lossdp: -174.352
recon: 873.769	lossdp: -174.771
recon: 896.192	lossdp: -174.572
recon: 891.683	lossdp: -174.446
recon: 914.350	lossdp: -174.880
recon: 894.146	lossdp: -173.927
recon: 903.913	lossdp: -174.195
recon: 916.049	lossdp: -174.209
recon: 923.910	lossdp: -174.190
recon: 921.801	lossdp: -174.490
recon: 874.640	lossdp: -175.005
recon: 899.544	lossdp: -174.541
recon: 871.771	lossdp: -174.977
Epoch: 469/500, train loss: 724.778

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.76829610920478
nmi: 0.8593305940471601
sc: 0.2932703
recon: 899.618	lossdp: -174.675
recon: 888.663	lossdp: -174.849
recon: 934.353	lossdp: -174.363
recon: 891.379	lossdp: -175.125
recon: 891.654	lossdp: -175.316
recon: 895.804	lossdp: -174.957
recon: 908.200	lossdp: -174.691
recon: 905.657	lossdp: -175.366
recon: 879.927	lossdp: -174.807
recon: 909.851	lossdp: -174.934
recon: 890.899	lossdp: -174.926
recon: 889.646	lossdp: -175.121
recon: 915.832	lossdp: -175.149
recon: 897.158	lossdp: -174.735
recon: 898.704	lossdp: -175.785
recon: 909.183	lossdp: -175.327
recon: 906.417	lossdp: -174.591
Epoch: 470/500, train loss: 725.778

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7567092802642276
nmi: 0.8523067808620675
sc: 0.27492914
recon: 934.212	lossdp: -174.827
recon: 893.639	lossdp: -175.470
recon: 905.008	lossdp: -174.626
recon: 924.667	lossdp: -175.050
recon: 880.414	lossdp: -175.626
recon: 924.516	lossdp: -174.336
recon: 906.025	lossdp: -174.571
recon: 894.308	lossdp: -175.229
recon: 918.424	lossdp: -174.718
recon: 879.474	lossdp: -175.952
recon: 886.689	lossdp: -174.775
recon: 909.431	lossdp: -173.896
recon: 900.229	lossdp: -175.115
recon: 896.349	lossdp: -174.604
recon: 892.641	lossdp: -174.962
recon: 892.492	lossdp: -174.710
recon: 893.825	lossdp: -174.268
Epoch: 471/500, train loss: 727.036

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7709469056362629
nmi: 0.8614576729720566
sc: 0.2907724
recon: 856.505	lossdp: -175.565
recon: 902.181	lossdp: -174.869
recon: 853.680	lossdp: -175.370
recon: 919.710	lossdp: -175.013
recon: 923.295	lossdp: -174.251
recon: 888.704	lossdp: -175.289
recon: 869.971	lossdp: -174.503
recon: 906.914	lossdp: -175.071
recon: 902.575	lossdp: -174.245
recon: 953.046	lossdp: -174.980
recon: 884.882	lossdp: -174.997
recon: 895.520	lossdp: -174.877
recon: 898.751	lossdp: -175.086
recon: 895.649	lossdp: -174.943
recon: 924.147	lossdp: -174.900
recon: 936.092	lossdp: -173.980
recon: 877.972	lossdp: -175.435
Epoch: 472/500, train loss: 724.483

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7750815181044906
nmi: 0.8626091562882453
sc: 0.29180464
recon: 907.742	lossdp: -174.781
recon: 908.987	lossdp: -174.693
recon: 900.845	lossdp: -174.593
recon: 919.628	lossdp: -174.620
recon: 869.848	lossdp: -175.843
recon: 928.185	lossdp: -174.675
recon: 907.959	lossdp: -174.888
recon: 892.069	lossdp: -175.043
recon: 879.742	lossdp: -175.537
recon: 926.549	lossdp: -175.143
recon: 902.121	lossdp: -175.203
recon: 888.621	lossdp: -175.570
recon: 908.541	lossdp: -175.396
recon: 850.915	lossdp: -175.638
recon: 915.954	lossdp: -174.870
recon: 903.777	lossdp: -175.575
recon: 883.286	lossdp: -175.417
Epoch: 473/500, train loss: 724.546

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7726712230824391
nmi: 0.8634903780617363
sc: 0.29443026
recon: 899.550	lossdp: -174.962
recon: 921.538	lossdp: -175.041
recon: 872.031	lossdp: -175.411
recon: 904.253	lossdp: -175.506
recon: 878.434	lossdp: -174.585
recon: 929.437	lossdp: -175.111
recon: 920.382	lossdp: -175.257
recon: 874.273	lossdp: -175.729
recon: 927.096	lossdp: -174.553
recon: 915.999	lossdp: -174.634
recon: 885.072	lossdp: -174.911
recon: 901.748	lossdp: -175.708
recon: 889.974	lossdp: -174.981
recon: 889.319	lossdp: -175.391
recon: 890.124	lossdp: -175.238
recon: 902.969	lossdp: -174.778
recon: 910.093	lossdp: -175.199
Epoch: 474/500, train loss: 725.606

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7686774790158724
nmi: 0.8587993477653479
sc: 0.29575008
recon: 892.938	lossdp: -175.775
recon: 893.328	lossdp: -175.706
recon: 863.315	lossdp: -175.966
recon: 919.046	lossdp: -175.262
recon: 921.553	lossdp: -174.919
recon: 912.051	lossdp: -175.354
recon: 907.265	lossdp: -174.309
recon: 915.180	lossdp: -175.573
recon: 875.612	lossdp: -175.754
recon: 907.829	lossdp: -174.890
recon: 888.019	lossdp: -175.715
recon: 884.364	lossdp: -175.385
recon: 891.676	lossdp: -175.706
recon: 929.536	lossdp: -174.411
recon: 902.856	lossdp: -174.973
recon: 919.328	lossdp: -175.421
recon: 921.732	lossdp: -175.343
Epoch: 475/500, train loss: 727.363

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7549067099683553
nmi: 0.8489978361823867
sc: 0.27837458
recon: 918.368	lossdp: -175.698
recon: 897.308	lossdp: -175.698
recon: 919.734	lossdp: -174.865
recon: 937.642	lossdp: -174.672
recon: 912.534	lossdp: -175.001
recon: 882.258	lossdp: -175.004
recon: 907.333	lossdp: -175.533
recon: 887.970	lossdp: -175.401
recon: 884.577	lossdp: -175.561
recon: 886.436	lossdp: -176.277
recon: 917.874	lossdp: -175.056
recon: 915.342	lossdp: -175.169
recon: 878.077	lossdp: -175.649
recon: 884.500	lossdp: -175.575
recon: 867.833	lossdp: -175.398
recon: 902.731	lossdp: -175.490
recon: 864.243	lossdp: -175.774
Epoch: 476/500, train loss: 722.526

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7645680796792883
nmi: 0.8637462232178822
sc: 0.27083683
recon: 924.903	lossdp: -174.789
recon: 893.202	lossdp: -175.035
recon: 916.423	lossdp: -174.544
recon: 881.912	lossdp: -175.777
recon: 897.013	lossdp: -175.349
recon: 906.581	lossdp: -175.324
recon: 907.454	lossdp: -175.365
recon: 912.618	lossdp: -174.998
recon: 880.200	lossdp: -175.179
recon: 883.503	lossdp: -175.094
recon: 907.894	lossdp: -175.285
recon: 897.314	lossdp: -175.576
recon: 914.452	lossdp: -174.604
recon: 889.526	lossdp: -175.188
recon: 908.078	lossdp: -175.188
recon: 871.869	lossdp: -175.622
recon: 918.221	lossdp: -175.435
Epoch: 477/500, train loss: 725.459

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7717574789814173
nmi: 0.8625288776947235
sc: 0.29809466
recon: 906.202	lossdp: -175.338
recon: 924.104	lossdp: -175.411
recon: 894.854	lossdp: -175.129
recon: 883.120	lossdp: -175.403
recon: 894.130	lossdp: -175.847
recon: 923.938	lossdp: -175.280
recon: 897.553	lossdp: -175.611
recon: 898.395	lossdp: -174.601
recon: 894.492	lossdp: -175.571
recon: 915.124	lossdp: -174.973
recon: 892.669	lossdp: -175.541
recon: 871.529	lossdp: -175.983
recon: 890.677	lossdp: -175.791
recon: 885.894	lossdp: -176.002
recon: 921.082	lossdp: -174.942
recon: 902.578	lossdp: -175.039
recon: 937.911	lossdp: -175.020
Epoch: 478/500, train loss: 726.633

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7665505282076663
nmi: 0.8537910533155871
sc: 0.26560655
recon: 918.487	lossdp: -174.672
recon: 892.256	lossdp: -175.584
recon: 891.513	lossdp: -175.522
recon: 860.701	lossdp: -175.910
recon: 941.875	lossdp: -174.909
recon: 874.065	lossdp: -176.018
recon: 882.263	lossdp: -175.273
recon: 878.512	lossdp: -176.285
recon: 910.143	lossdp: -176.104
recon: 892.917	lossdp: -175.704
recon: 934.771	lossdp: -175.862
recon: 899.168	lossdp: -175.740
recon: 902.333	lossdp: -175.312
recon: 902.257	lossdp: -175.668
recon: 899.819	lossdp: -175.635
recon: 899.506	lossdp: -175.164
recon: 931.957	lossdp: -175.405
Epoch: 479/500, train loss: 725.163

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7728834214097161
nmi: 0.85500057582721
sc: 0.29270926
recon: 905.119	lossdp: -175.165
recon: 901.203	lossdp: -175.619
recon: 901.952	lossdp: -176.225
recon: 865.041	lossdp: -175.815
recon: 901.340	lossdp: -175.910
recon: 889.893	lossdp: -176.265
recon: 890.251	lossdp: -176.155
recon: 928.139	lossdp: -175.321
recon: 902.550	lossdp: -175.165
recon: 915.857	lossdp: -174.705
recon: 941.760	lossdp: -175.733
recon: 876.609	lossdp: -176.123
recon: 919.936	lossdp: -175.221
recon: 877.819	lossdp: -175.677
recon: 890.641	lossdp: -175.509
recon: 893.213	lossdp: -175.559
recon: 879.720	lossdp: -175.730
Epoch: 480/500, train loss: 723.244

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7693124942209718
nmi: 0.8549103115862934
sc: 0.27110165
recon: 881.997	lossdp: -176.237
recon: 900.648	lossdp: -175.584
recon: 917.940	lossdp: -175.333
recon: 847.734	lossdp: -176.365
recon: 900.107	lossdp: -175.178
recon: 902.297	lossdp: -175.311
recon: 898.530	lossdp: -175.937
recon: 908.522	lossdp: -175.671
recon: 943.088	lossdp: -175.156
recon: 928.205	lossdp: -175.402
recon: 864.508	lossdp: -176.170
recon: 919.752	lossdp: -175.479
recon: 924.706	lossdp: -175.683
recon: 889.234	lossdp: -176.118
recon: 863.030	lossdp: -176.365
recon: 891.051	lossdp: -175.303
recon: 911.583	lossdp: -175.697
Epoch: 481/500, train loss: 723.879

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7729117081946743
nmi: 0.8590080203121541
sc: 0.26547214
recon: 875.540	lossdp: -176.465
recon: 880.788	lossdp: -176.421
recon: 945.151	lossdp: -175.177
recon: 897.910	lossdp: -175.885
recon: 890.668	lossdp: -175.597
recon: 875.964	lossdp: -176.281
recon: 899.926	lossdp: -175.781
recon: 859.775	lossdp: -176.056
recon: 896.897	lossdp: -175.798
recon: 899.449	lossdp: -175.887
recon: 932.905	lossdp: -174.771
recon: 877.028	lossdp: -176.543
recon: 898.355	lossdp: -176.609
recon: 902.625	lossdp: -176.160
recon: 902.844	lossdp: -176.136
recon: 937.782	lossdp: -175.577
recon: 932.659	lossdp: -175.271
Epoch: 482/500, train loss: 724.462

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7994271864439617
nmi: 0.8905603165222243
sc: 0.28473547
recon: 864.876	lossdp: -175.738
recon: 903.577	lossdp: -175.692
recon: 888.808	lossdp: -176.405
recon: 884.307	lossdp: -176.743
recon: 898.766	lossdp: -176.608
recon: 900.506	lossdp: -175.801
recon: 879.005	lossdp: -176.082
recon: 901.789	lossdp: -175.709
recon: 881.614	lossdp: -176.076
recon: 933.126	lossdp: -175.767
recon: 938.291	lossdp: -176.101
recon: 889.814	lossdp: -176.350
recon: 893.264	lossdp: -176.170
recon: 909.176	lossdp: -176.172
recon: 901.023	lossdp: -176.408
recon: 908.986	lossdp: -176.035
recon: 906.818	lossdp: -176.914
Epoch: 483/500, train loss: 722.881

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7920540451303908
nmi: 0.8848949302198966
sc: 0.26025254
recon: 906.402	lossdp: -176.563
recon: 951.617	lossdp: -174.950
recon: 851.595	lossdp: -176.925
recon: 904.988	lossdp: -175.734
recon: 891.393	lossdp: -175.959
recon: 904.575	lossdp: -176.256
recon: 900.135	lossdp: -175.757
recon: 904.733	lossdp: -175.899
recon: 893.666	lossdp: -175.895
recon: 901.416	lossdp: -175.878
recon: 889.643	lossdp: -176.092
recon: 870.818	lossdp: -176.394
recon: 886.115	lossdp: -176.265
recon: 905.338	lossdp: -176.342
recon: 881.629	lossdp: -176.586
recon: 928.801	lossdp: -175.731
recon: 886.740	lossdp: -176.242
Epoch: 484/500, train loss: 721.537

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7225777428228499
nmi: 0.8622752520632944
sc: 0.21938063
recon: 918.589	lossdp: -175.541
recon: 890.678	lossdp: -176.260
recon: 882.946	lossdp: -176.244
recon: 897.900	lossdp: -176.118
recon: 898.574	lossdp: -176.514
recon: 908.459	lossdp: -176.105
recon: 938.521	lossdp: -176.263
recon: 898.146	lossdp: -176.318
recon: 929.829	lossdp: -176.555
recon: 883.054	lossdp: -176.060
recon: 896.391	lossdp: -175.897
recon: 894.973	lossdp: -175.963
recon: 886.016	lossdp: -175.684
recon: 881.456	lossdp: -175.900
recon: 915.546	lossdp: -176.593
recon: 868.967	lossdp: -176.946
recon: 909.128	lossdp: -175.795
Epoch: 485/500, train loss: 723.789

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.760213687599938
nmi: 0.8481866349930718
sc: 0.27290177
recon: 911.620	lossdp: -176.671
recon: 897.884	lossdp: -176.473
recon: 896.615	lossdp: -176.280
recon: 885.654	lossdp: -176.092
recon: 900.364	lossdp: -176.368
recon: 895.964	lossdp: -177.089
recon: 922.490	lossdp: -176.654
recon: 887.107	lossdp: -176.147
recon: 887.138	lossdp: -176.742
recon: 925.396	lossdp: -175.967
recon: 920.705	lossdp: -176.038
recon: 879.626	lossdp: -176.618
recon: 909.859	lossdp: -176.060
recon: 899.870	lossdp: -176.642
recon: 900.609	lossdp: -176.447
recon: 860.201	lossdp: -177.087
recon: 913.362	lossdp: -176.309
Epoch: 486/500, train loss: 723.222

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7941198537779895
nmi: 0.8839037048485314
sc: 0.25720337
recon: 905.847	lossdp: -176.406
recon: 908.741	lossdp: -175.968
recon: 918.689	lossdp: -175.763
recon: 909.172	lossdp: -176.370
recon: 872.274	lossdp: -175.977
recon: 868.703	lossdp: -176.347
recon: 907.156	lossdp: -175.950
recon: 893.701	lossdp: -176.706
recon: 856.444	lossdp: -176.665
recon: 882.554	lossdp: -176.264
recon: 900.978	lossdp: -176.886
recon: 896.319	lossdp: -176.151
recon: 896.483	lossdp: -176.139
recon: 941.886	lossdp: -175.935
recon: 889.951	lossdp: -176.703
recon: 943.112	lossdp: -175.704
recon: 885.468	lossdp: -176.818
Epoch: 487/500, train loss: 722.396

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7676642287311944
nmi: 0.8532648143972678
sc: 0.2729101
recon: 876.659	lossdp: -176.709
recon: 884.774	lossdp: -176.270
recon: 881.228	lossdp: -177.199
recon: 912.233	lossdp: -176.436
recon: 892.575	lossdp: -176.551
recon: 901.104	lossdp: -176.688
recon: 901.500	lossdp: -176.429
recon: 895.618	lossdp: -176.552
recon: 922.391	lossdp: -176.379
recon: 956.296	lossdp: -176.336
recon: 876.206	lossdp: -176.468
recon: 906.670	lossdp: -176.800
recon: 918.200	lossdp: -176.664
recon: 904.462	lossdp: -176.574
recon: 896.312	lossdp: -176.960
recon: 862.279	lossdp: -176.370
recon: 899.943	lossdp: -176.162
Epoch: 488/500, train loss: 722.759

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7923420136300614
nmi: 0.8802304641371332
sc: 0.2636628
recon: 867.295	lossdp: -177.019
recon: 907.989	lossdp: -176.190
recon: 870.425	lossdp: -176.493
recon: 909.544	lossdp: -176.359
recon: 899.859	lossdp: -176.039
recon: 901.843	lossdp: -176.566
recon: 909.802	lossdp: -176.229
recon: 902.194	lossdp: -175.826
recon: 915.462	lossdp: -176.233
recon: 877.301	lossdp: -176.371
recon: 894.436	lossdp: -176.538
recon: 877.952	lossdp: -177.017
recon: 913.094	lossdp: -176.033
recon: 899.386	lossdp: -176.228
recon: 906.718	lossdp: -175.810
recon: 910.561	lossdp: -175.861
recon: 876.332	lossdp: -176.335
Epoch: 489/500, train loss: 720.179

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7860065262185391
nmi: 0.8801850681528296
sc: 0.26039955
recon: 903.822	lossdp: -176.143
recon: 915.638	lossdp: -176.672
recon: 919.663	lossdp: -176.276
recon: 909.952	lossdp: -175.895
recon: 927.940	lossdp: -176.135
recon: 890.274	lossdp: -176.380
recon: 878.582	lossdp: -176.388
recon: 902.545	lossdp: -176.454
recon: 884.241	lossdp: -176.655
recon: 888.388	lossdp: -175.727
recon: 929.424	lossdp: -176.720
recon: 923.624	lossdp: -176.617
recon: 863.567	lossdp: -177.397
recon: 887.648	lossdp: -175.833
recon: 888.974	lossdp: -176.523
recon: 872.743	lossdp: -176.561
recon: 880.767	lossdp: -176.196
Epoch: 490/500, train loss: 721.719

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.8066321030687963
nmi: 0.8953107940943917
sc: 0.2806903
recon: 856.752	lossdp: -177.422
recon: 893.276	lossdp: -176.236
recon: 891.340	lossdp: -176.404
recon: 894.141	lossdp: -176.328
recon: 911.709	lossdp: -176.036
recon: 913.432	lossdp: -176.087
recon: 871.964	lossdp: -176.566
recon: 891.769	lossdp: -176.511
recon: 896.703	lossdp: -176.389
recon: 889.906	lossdp: -176.624
recon: 902.948	lossdp: -176.122
recon: 870.817	lossdp: -176.229
recon: 930.976	lossdp: -176.508
recon: 928.394	lossdp: -175.978
recon: 885.898	lossdp: -176.883
recon: 936.288	lossdp: -176.016
recon: 889.426	lossdp: -176.353
Epoch: 491/500, train loss: 721.003

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7802576228505499
nmi: 0.8828058258495473
sc: 0.24555507
recon: 907.136	lossdp: -176.926
recon: 919.164	lossdp: -175.852
recon: 937.851	lossdp: -175.781
recon: 934.439	lossdp: -176.262
recon: 911.307	lossdp: -175.956
recon: 873.381	lossdp: -176.582
recon: 870.452	lossdp: -177.386
recon: 880.020	lossdp: -176.424
recon: 878.364	lossdp: -176.442
recon: 901.242	lossdp: -176.591
recon: 887.617	lossdp: -177.521
recon: 857.779	lossdp: -177.034
recon: 927.744	lossdp: -176.290
recon: 869.482	lossdp: -177.712
recon: 894.999	lossdp: -177.182
recon: 910.499	lossdp: -176.320
recon: 890.822	lossdp: -177.082
Epoch: 492/500, train loss: 720.527

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.798024903040718
nmi: 0.8847588294345177
sc: 0.2574155
recon: 895.992	lossdp: -176.440
recon: 879.207	lossdp: -176.834
recon: 897.151	lossdp: -177.041
recon: 877.527	lossdp: -176.599
recon: 894.010	lossdp: -177.598
recon: 917.601	lossdp: -177.137
recon: 905.795	lossdp: -176.766
recon: 899.515	lossdp: -175.720
recon: 921.912	lossdp: -176.572
recon: 900.953	lossdp: -176.808
recon: 916.132	lossdp: -176.167
recon: 883.422	lossdp: -177.055
recon: 878.144	lossdp: -177.764
recon: 898.317	lossdp: -176.886
recon: 890.300	lossdp: -177.231
recon: 906.218	lossdp: -176.886
recon: 882.947	lossdp: -177.842
Epoch: 493/500, train loss: 719.871

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7987325894156925
nmi: 0.8805949396850902
sc: 0.2560049
recon: 924.072	lossdp: -176.364
recon: 918.754	lossdp: -176.933
recon: 882.346	lossdp: -176.536
recon: 892.332	lossdp: -176.850
recon: 899.350	lossdp: -177.389
recon: 887.936	lossdp: -176.893
recon: 856.562	lossdp: -177.549
recon: 919.187	lossdp: -176.955
recon: 862.345	lossdp: -177.788
recon: 896.146	lossdp: -176.755
recon: 927.316	lossdp: -176.947
recon: 915.037	lossdp: -176.703
recon: 859.271	lossdp: -177.683
recon: 885.924	lossdp: -177.159
recon: 898.835	lossdp: -177.031
recon: 918.043	lossdp: -177.073
recon: 936.030	lossdp: -176.648
Epoch: 494/500, train loss: 721.778

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.6770459884231858
nmi: 0.8229692578676598
sc: 0.17888226
recon: 879.818	lossdp: -177.448
recon: 884.831	lossdp: -177.798
recon: 927.622	lossdp: -176.916
recon: 920.827	lossdp: -177.027
recon: 883.240	lossdp: -176.756
recon: 886.924	lossdp: -177.249
recon: 868.573	lossdp: -178.161
recon: 932.836	lossdp: -176.304
recon: 911.919	lossdp: -177.601
recon: 864.053	lossdp: -177.961
recon: 895.958	lossdp: -177.358
recon: 875.982	lossdp: -178.030
recon: 884.265	lossdp: -177.237
recon: 915.842	lossdp: -177.074
recon: 926.967	lossdp: -176.914
recon: 913.590	lossdp: -176.875
recon: 884.976	lossdp: -177.183
Epoch: 495/500, train loss: 720.255

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7685833464260488
nmi: 0.8523240574940135
sc: 0.27015373
recon: 900.713	lossdp: -177.966
recon: 895.274	lossdp: -177.480
recon: 867.966	lossdp: -177.568
recon: 923.539	lossdp: -176.790
recon: 892.763	lossdp: -177.487
recon: 888.297	lossdp: -176.679
recon: 888.234	lossdp: -176.977
recon: 887.808	lossdp: -177.174
recon: 923.665	lossdp: -176.838
recon: 868.195	lossdp: -177.612
recon: 883.380	lossdp: -177.233
recon: 856.291	lossdp: -177.856
recon: 896.089	lossdp: -175.857
recon: 897.759	lossdp: -177.441
recon: 932.175	lossdp: -176.230
recon: 965.996	lossdp: -175.969
recon: 881.871	lossdp: -177.415
Epoch: 496/500, train loss: 719.967

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7708883191163443
nmi: 0.8504144400185868
sc: 0.26809326
recon: 909.575	lossdp: -176.973
recon: 884.686	lossdp: -177.370
recon: 923.119	lossdp: -177.303
recon: 955.479	lossdp: -176.814
recon: 872.214	lossdp: -176.863
recon: 875.574	lossdp: -177.358
recon: 879.441	lossdp: -177.403
recon: 908.023	lossdp: -176.907
recon: 901.166	lossdp: -177.006
recon: 881.456	lossdp: -176.998
recon: 897.571	lossdp: -176.705
recon: 913.831	lossdp: -176.926
recon: 854.696	lossdp: -177.805
recon: 922.162	lossdp: -176.880
recon: 921.453	lossdp: -176.701
recon: 871.451	lossdp: -177.116
recon: 928.526	lossdp: -176.566
Epoch: 497/500, train loss: 722.984

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7938036065063758
nmi: 0.879631966438373
sc: 0.2549101
recon: 911.333	lossdp: -176.760
recon: 880.196	lossdp: -177.271
recon: 871.799	lossdp: -177.163
recon: 882.327	lossdp: -177.209
recon: 912.284	lossdp: -176.911
recon: 903.695	lossdp: -177.046
recon: 890.029	lossdp: -177.327
recon: 914.845	lossdp: -176.147
recon: 887.851	lossdp: -177.180
recon: 877.625	lossdp: -177.108
recon: 924.584	lossdp: -176.167
recon: 935.582	lossdp: -176.157
recon: 880.902	lossdp: -177.002
recon: 899.736	lossdp: -176.738
recon: 899.354	lossdp: -176.719
recon: 890.056	lossdp: -176.647
recon: 875.810	lossdp: -176.989
Epoch: 498/500, train loss: 719.498

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7897364550086117
nmi: 0.878233624266931
sc: 0.256188
recon: 931.628	lossdp: -176.911
recon: 883.567	lossdp: -177.231
recon: 900.735	lossdp: -177.200
recon: 905.230	lossdp: -177.322
recon: 907.632	lossdp: -176.689
recon: 885.248	lossdp: -176.623
recon: 927.338	lossdp: -176.824
recon: 906.999	lossdp: -176.769
recon: 910.547	lossdp: -176.803
recon: 931.482	lossdp: -176.506
recon: 862.666	lossdp: -177.248
recon: 878.219	lossdp: -177.738
recon: 900.816	lossdp: -176.416
recon: 883.853	lossdp: -176.312
recon: 902.201	lossdp: -176.838
recon: 871.882	lossdp: -176.706
recon: 927.143	lossdp: -176.521
Epoch: 499/500, train loss: 724.149

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.7953959039434477
nmi: 0.879841284708194
sc: 0.2525469
recon: 936.135	lossdp: -176.345
recon: 860.884	lossdp: -177.487
recon: 915.880	lossdp: -176.957
recon: 916.048	lossdp: -176.777
recon: 915.091	lossdp: -176.260
recon: 911.531	lossdp: -177.645
recon: 950.895	lossdp: -175.905
recon: 882.597	lossdp: -176.844
recon: 847.691	lossdp: -177.368
recon: 881.565	lossdp: -177.359
recon: 927.428	lossdp: -176.879
recon: 894.807	lossdp: -177.062
recon: 889.566	lossdp: -176.373
recon: 869.825	lossdp: -176.888
recon: 874.677	lossdp: -177.007
recon: 880.128	lossdp: -176.949
recon: 911.603	lossdp: -176.478
Epoch: 500/500, train loss: 721.163

Inferring ...
Subset: 0, modalities ['rna']: test size: 8204
Processing subset 0: ['rna']
ari: 0.8006714972529408
nmi: 0.884753464040822
sc: 0.2572912
