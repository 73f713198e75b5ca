python main.py --dataset=assist --train_max_seq_len=4289 --eval_max_seq_len=8213 --n_epochs=100

Loading Assisment...
training data:
 n_students: 3274
 n_questions: 124
 total answers: 407967
 longest: 4290
test data:
 n_students: 834
 n_questions: 124
 total answers: 117567
 longest: 8214

There are 1 GPU(s) available.
We will use the GPU: GeForce RTX 3090

Start Training: Epoch 1
Training steps: 10 Loss: 0.013280992396175861
Training steps: 20 Loss: 0.019030248746275902
Training steps: 30 Loss: 0.015492363832890987
Test AUC: 0.6791654244289269
Start Training: Epoch 2
Training steps: 40 Loss: 0.02761339582502842
Training steps: 50 Loss: 0.025457017123699188
Training steps: 60 Loss: 0.010053633712232113
Test AUC: 0.7525998463749561
Start Training: Epoch 3
Training steps: 70 Loss: 0.02399417944252491
Training steps: 80 Loss: 0.017042076215147972
Training steps: 90 Loss: 0.020661093294620514
Test AUC: 0.8109214539272264
Start Training: Epoch 4
Training steps: 100 Loss: 0.006272635422646999
Training steps: 110 Loss: 0.012951936572790146
Training steps: 120 Loss: 0.022863416001200676
Training steps: 130 Loss: 0.018160345032811165
Test AUC: 0.822818142208444
Start Training: Epoch 5
Training steps: 140 Loss: 0.007955966517329216
Training steps: 150 Loss: 0.007534175179898739
Training steps: 160 Loss: 0.020678557455539703
Test AUC: 0.83057902538147
Start Training: Epoch 6
Training steps: 170 Loss: 0.00905968900769949
Training steps: 180 Loss: 0.014860833995044231
Training steps: 190 Loss: 0.012160715647041798
Test AUC: 0.8340746293046828
Start Training: Epoch 7
Training steps: 200 Loss: 0.011501949280500412
Training steps: 210 Loss: 0.015317357145249844
Training steps: 220 Loss: 0.005792650394141674
Training steps: 230 Loss: 0.017701976001262665
Test AUC: 0.8318722199491093
Start Training: Epoch 8
Training steps: 240 Loss: 0.014596146531403065
Training steps: 250 Loss: 0.017934417352080345
Training steps: 260 Loss: 0.016599036753177643
Test AUC: 0.8362180377052744
Start Training: Epoch 9
Training steps: 270 Loss: 0.013136236928403378
Training steps: 280 Loss: 0.012286761775612831
Training steps: 290 Loss: 0.013702139258384705
Test AUC: 0.8386546008361522
Start Training: Epoch 10
Training steps: 300 Loss: 0.005666486453264952
Training steps: 310 Loss: 0.007024842780083418
Training steps: 320 Loss: 0.009635431692004204
Training steps: 330 Loss: 0.008060758002102375
Test AUC: 0.8379327529701508
Start Training: Epoch 11
Training steps: 340 Loss: 0.009984116069972515
Training steps: 350 Loss: 0.009095211513340473
Training steps: 360 Loss: 0.013770608231425285
Test AUC: 0.8401510089491364
Start Training: Epoch 12
Training steps: 370 Loss: 0.01805996708571911
Training steps: 380 Loss: 0.023094771429896355
Training steps: 390 Loss: 0.009345931932330132
Test AUC: 0.8421658809207495
Start Training: Epoch 13
Training steps: 400 Loss: 0.01991008222103119
Training steps: 410 Loss: 0.012981733307242393
Training steps: 420 Loss: 0.019318532198667526
Test AUC: 0.8416923464967575
Start Training: Epoch 14
Training steps: 430 Loss: 0.005275634117424488
Training steps: 440 Loss: 0.011922107078135014
Training steps: 450 Loss: 0.022276172414422035
Training steps: 460 Loss: 0.017208397388458252
Test AUC: 0.8424763955107984
Start Training: Epoch 15
Training steps: 470 Loss: 0.0075397309847176075
Training steps: 480 Loss: 0.006230343598872423
Training steps: 490 Loss: 0.0207936093211174
Test AUC: 0.8431215718204111
Start Training: Epoch 16
Training steps: 500 Loss: 0.008310442790389061
Training steps: 510 Loss: 0.014635379426181316
Training steps: 520 Loss: 0.011351165361702442
Test AUC: 0.843244417492923
Start Training: Epoch 17
Training steps: 530 Loss: 0.01121605560183525
Training steps: 540 Loss: 0.014887446537613869
Training steps: 550 Loss: 0.00559411384165287
Training steps: 560 Loss: 0.017262348905205727
Test AUC: 0.8448620632075601
Start Training: Epoch 18
^[[1;2CTraining steps: 570 Loss: 0.014237349852919579
Training steps: 580 Loss: 0.017502157017588615
Training steps: 590 Loss: 0.016203289851546288
Test AUC: 0.8440624779687689
Start Training: Epoch 19
Training steps: 600 Loss: 0.012883801013231277
Training steps: 610 Loss: 0.011444616131484509
Training steps: 620 Loss: 0.013437087647616863
Test AUC: 0.8451961631226942
Start Training: Epoch 20
Training steps: 630 Loss: 0.005463438108563423
Training steps: 640 Loss: 0.006544762756675482
Training steps: 650 Loss: 0.009176875464618206
Training steps: 660 Loss: 0.007975763641297817
Test AUC: 0.8441575499921483
Start Training: Epoch 21
Training steps: 670 Loss: 0.009771624580025673
Training steps: 680 Loss: 0.008671063929796219
Training steps: 690 Loss: 0.013639547862112522
Test AUC: 0.8437970121710745
Start Training: Epoch 22
Training steps: 700 Loss: 0.017087751999497414
Training steps: 710 Loss: 0.022770587354898453
Training steps: 720 Loss: 0.009240729734301567
Test AUC: 0.8430705217014367
Start Training: Epoch 23
Training steps: 730 Loss: 0.01937027834355831
Training steps: 740 Loss: 0.012528973631560802
Training steps: 750 Loss: 0.019091228023171425
Test AUC: 0.8429560902335427
Start Training: Epoch 24
Training steps: 760 Loss: 0.005203706212341785
Training steps: 770 Loss: 0.011738837696611881
Training steps: 780 Loss: 0.02224074862897396
Training steps: 790 Loss: 0.017037536948919296
Test AUC: 0.8444543358723086
Start Training: Epoch 25
Training steps: 800 Loss: 0.007469347212463617
Training steps: 810 Loss: 0.005994543898850679
Training steps: 820 Loss: 0.019999297335743904
Test AUC: 0.8454365464791043
Start Training: Epoch 26
Training steps: 830 Loss: 0.007725873030722141
Training steps: 840 Loss: 0.014453026466071606
Training steps: 850 Loss: 0.010959956794977188
Test AUC: 0.8457079052211233
Start Training: Epoch 27
Training steps: 860 Loss: 0.011071527376770973
Training steps: 870 Loss: 0.014665108174085617
Training steps: 880 Loss: 0.005517913959920406
Training steps: 890 Loss: 0.017116351053118706
Test AUC: 0.8455776286732358
Start Training: Epoch 28
cTraining steps: 900 Loss: 0.01409443374723196
Training steps: 910 Loss: 0.017327994108200073
Training steps: 920 Loss: 0.01587611250579357
Test AUC: 0.8458355855671619
Start Training: Epoch 29
Training steps: 930 Loss: 0.012802629731595516
Training steps: 940 Loss: 0.011060314252972603
Training steps: 950 Loss: 0.013346744701266289
Test AUC: 0.846247842664989
Start Training: Epoch 30
Training steps: 960 Loss: 0.005396102089434862
Training steps: 970 Loss: 0.005991922691464424
Training steps: 980 Loss: 0.008835634216666222
Training steps: 990 Loss: 0.007833006791770458
Test AUC: 0.8460635545205046
Start Training: Epoch 31
Training steps: 1000 Loss: 0.009578432887792587
Training steps: 1010 Loss: 0.008373050950467587
Training steps: 1020 Loss: 0.01346755400300026
Test AUC: 0.847499521154329
Start Training: Epoch 32
Training steps: 1030 Loss: 0.01634773425757885
Training steps: 1040 Loss: 0.02242218516767025
Training steps: 1050 Loss: 0.009129572659730911
Test AUC: 0.848063089196897
Start Training: Epoch 33
Training steps: 1060 Loss: 0.01904779113829136
Training steps: 1070 Loss: 0.012301096692681313
Training steps: 1080 Loss: 0.018798604607582092
Test AUC: 0.8469054347495967
Start Training: Epoch 34
Training steps: 1090 Loss: 0.005021415185183287
Training steps: 1100 Loss: 0.011516229249536991
Training steps: 1110 Loss: 0.021809248253703117
Training steps: 1120 Loss: 0.016818929463624954
Test AUC: 0.8479783100617508
Start Training: Epoch 35
Training steps: 1130 Loss: 0.007298056036233902
Training steps: 1140 Loss: 0.005820287391543388
Training steps: 1150 Loss: 0.019462833181023598
Test AUC: 0.8482833100165631
Start Training: Epoch 36
Training steps: 1160 Loss: 0.007484652101993561
Training steps: 1170 Loss: 0.014304295182228088
Training steps: 1180 Loss: 0.010731752961874008
Test AUC: 0.8485640928735434
Start Training: Epoch 37
Training steps: 1190 Loss: 0.010855075903236866
Training steps: 1200 Loss: 0.014460486359894276
Training steps: 1210 Loss: 0.005411592777818441
Training steps: 1220 Loss: 0.017083561047911644
Test AUC: 0.8475978230387045
Start Training: Epoch 38
Training steps: 1230 Loss: 0.013926978223025799
Training steps: 1240 Loss: 0.017183596268296242
Training steps: 1250 Loss: 0.015681244432926178
Test AUC: 0.8483094685637067
Start Training: Epoch 39
Training steps: 1260 Loss: 0.012631561607122421
Training steps: 1270 Loss: 0.010795222595334053
Training steps: 1280 Loss: 0.013243865221738815
Test AUC: 0.8482391644671663
Start Training: Epoch 40
Training steps: 1290 Loss: 0.005330322310328484
Training steps: 1300 Loss: 0.005894326604902744
Training steps: 1310 Loss: 0.008620405569672585
Training steps: 1320 Loss: 0.00777198001742363
Test AUC: 0.8479241984859165
Start Training: Epoch 41
Training steps: 1330 Loss: 0.0094211520627141
Training steps: 1340 Loss: 0.008267611265182495
Training steps: 1350 Loss: 0.013430004939436913
Test AUC: 0.8478606312407817
Start Training: Epoch 42
Training steps: 1360 Loss: 0.01631207764148712
Training steps: 1370 Loss: 0.022402280941605568
Training steps: 1380 Loss: 0.009063108824193478
Test AUC: 0.8501801831650502
