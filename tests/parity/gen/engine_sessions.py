#!/usr/bin/env python3
"""Writes tests/parity/sessions/scenarios/*.json (the engine's td_send/td_receive parity scenarios)."""
import json, os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'sessions', 'scenarios'))
def P(dc=True, **kw):
    p = {"@type":"setTdlibParameters","use_test_dc":dc,"database_directory":"$TMP/db","files_directory":"","database_encryption_key":"","use_file_database":False,"use_chat_info_database":False,"use_message_database":False,"use_secret_chats":False,"api_id":12345,"api_hash":"abc","system_language_code":"en","device_model":"dev","system_version":"","application_version":"1.0","@extra":"params"}
    p.update(kw); return p
S = {}
S['startup'] = {"order":"strict","steps":[
 {"receive":0.1},{"create":"a"},{"receive":0.3},
 {"send":"a","request":{"@type":"getOption","name":"version","@extra":"probe-1"}},{"receive":0.3},
 {"create":"b"},{"receive":0.3},
 {"send":"b","request":{"@type":"getAuthorizationState","@extra":["as",1]}},{"receive":0.3},
 {"send":"b","request":{"@type":"getCurrentState","@extra":"cs"}},{"receive":0.3}]}
S['startup-first-request-is-error'] = {"order":"strict","steps":[
 {"create":"a"},{"send":"a","request":"{"},{"receive":0.3},
 {"create":"b"},{"send":"b","request":{"@type":"noSuch","@extra":1}},{"receive":0.3},
 {"create":"c"},{"send":"c","request":{"@type":"getMe","@extra":2}},{"receive":0.3}]}
S['held-then-close'] = {"order":"strict","steps":[
 {"create":"a"},
 {"send":"a","request":{"@type":"getAuthorizationState","@extra":"as"}},
 {"send":"a","request":{"@type":"getOption","name":"utc_time","@extra":"u"}},
 {"send":"a","request":{"@type":"getOption","name":"my_custom","@extra":"m"}},
 {"send":"a","request":{"@type":"setOption","name":"my_custom","value":{"@type":"optionValueString","value":"v"},"@extra":"s"}},
 {"receive":0.5},
 {"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5},
 {"send":"a","request":{"@type":"getOption","name":"version","@extra":"after-close"}},{"receive":0.3},
 {"create":"b"}]}
S['close-twice-and-closed-client'] = {"order":"strict","steps":[
 {"create":"a"},{"send":"a","request":{"@type":"close","@extra":1}},{"receive":0.5},
 {"send":"a","request":{"@type":"close","@extra":2}},{"receive":0.3},
 {"send":"a","request":{"@type":"getTextEntities","text":"x","@extra":3}},{"receive":0.3},
 {"send":"a","request":"{bad json"},{"receive":0.3},
 {"send":"a","request":{"@type":"noSuch","@extra":4}},{"receive":0.3},
 {"create":"b"},{"send":"b","request":{"@type":"testCallEmpty","@extra":5}},{"receive":0.3}]}
S['invalid-client-ids'] = {"order":"strict","steps":[
 {"send":777,"request":{"@type":"getOption","name":"version","@extra":"ghost"}},{"receive":0.3},
 {"send":0,"request":{"@type":"testCallEmpty","@extra":0}},{"receive":0.3},
 {"send":-1,"request":{"@type":"testCallEmpty","@extra":-1}},{"receive":0.3},
 {"create":"a"},
 {"send":2,"request":{"@type":"testCallEmpty","@extra":"next"}},{"receive":0.3},
 {"send":99,"request":"{not json"},{"receive":0.3},
 {"send":99,"request":{"@type":"noSuch","@extra":"x"}},{"receive":0.3},
 {"send":99,"request":{"@type":"getMe","@client_id":1,"@extra":"y"}},{"receive":0.3}]}
S['parse-errors-through-send'] = {"steps":[
 {"create":"a"},
 {"send":"a","request":""},{"send":"a","request":"{"},{"send":"a","request":"[]"},{"send":"a","request":"null"},
 {"send":"a","request":{"name":"x","@extra":1}},{"send":"a","request":{"@type":"noSuchFunction","@extra":"nsf"}},
 {"send":"a","request":{"@type":"getTextEntities","text":5,"@extra":"wrongtype"}},
 {"send":"a","request":{"@type":"setTdlibParameters","use_test_dc":True,"database_directory":"","api_id":"x","@extra":"bad-params"}},
 {"send":"a","request":{"@type":5,"@extra":5}},
 {"send":"a","request":{"@type":"testCallBytes","x":"AAE","@extra":"b64"}},
 {"receive":0.5}]}
S['preinitialization'] = {"steps":[
 {"create":"a"},
 {"send":"a","request":{"@type":"testCallEmpty","@extra":"tce"}},
 {"send":"a","request":{"@type":"testCallString","x":"hi \u00e9\U0001F600","@extra":"tcs"}},
 {"send":"a","request":{"@type":"testCallBytes","x":"AAEC/w==","@extra":"tcb"}},
 {"send":"a","request":{"@type":"testCallBytes","@extra":"tcb0"}},
 {"send":"a","request":{"@type":"testCallVectorInt","x":[1,None,"3",-4],"@extra":"tcvi"}},
 {"send":"a","request":{"@type":"testCallVectorIntObject","x":[{"value":1},None,{"@type":"testInt","value":3}],"@extra":"tcvio"}},
 {"send":"a","request":{"@type":"testCallVectorString","x":["a",None,"\u00e9"],"@extra":"tcvs"}},
 {"send":"a","request":{"@type":"testCallVectorStringObject","x":[{"value":"a"},None],"@extra":"tcvso"}},
 {"send":"a","request":{"@type":"testSquareInt","x":65536,"@extra":"sq1"}},
 {"send":"a","request":{"@type":"testSquareInt","x":-3,"@extra":"sq2"}},
 {"send":"a","request":{"@type":"testSquareInt","x":46341,"@extra":"sq3"}},
 {"send":"a","request":{"@type":"testUseUpdate","@extra":"tuu"}},
 {"send":"a","request":{"@type":"testProxy","@extra":"tp"}},
 {"send":"a","request":{"@type":"testReturnError","error":{"code":7,"message":"E"},"@extra":"tre"}},
 {"send":"a","request":{"@type":"setAlarm","seconds":-1,"@extra":"al-neg"}},
 {"send":"a","request":{"@type":"setAlarm","seconds":1e10,"@extra":"al-big"}},
 {"send":"a","request":{"@type":"setAlarm","seconds":0,"@extra":"al-0"}},
 {"send":"a","request":{"@type":"setAlarm","seconds":0.2,"@extra":"al-02"}},
 {"send":"a","request":{"@type":"setAlarm","seconds":3e9,"@extra":"al-3e9"}},
 {"receive":1.0},
 {"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5}]}
S['not-initialized'] = {"steps":[
 {"create":"a"}] + [{"send":"a","request":{"@type":f,"@extra":f}} for f in ["getMe","logOut","destroy","setAuthenticationPhoneNumber","checkAuthenticationCode","getChats","sendMessage","getUser","requestQrCodeAuthentication","checkAuthenticationBotToken","setDatabaseEncryptionKey","deleteAccount","getContacts"]] + [
 {"receive":0.5}]}
S['sync-through-send'] = {"steps":[
 {"create":"a"},
 {"send":"a","request":{"@type":"getJsonValue","json":"{\"a\":[1,true]}","@extra":1}},
 {"send":"a","request":{"@type":"getJsonString","json_value":{"@type":"jsonValueNumber","value":2},"@extra":2}},
 {"send":"a","request":{"@type":"getLogVerbosityLevel","@extra":3}},
 {"send":"a","request":{"@type":"getLogTags","@extra":4}},
 {"send":"a","request":{"@type":"getOption","name":"commit_hash","@extra":5}},
 {"send":"a","request":{"@type":"getThemeParametersJsonString","theme":{},"@extra":6}},
 {"send":"a","request":{"@type":"getLogStream","@extra":7}},
 {"send":"a","request":{"@type":"getLogTagVerbosityLevel","tag":"nope","@extra":8}},
 {"receive":0.5}]}
def params_scenario(dc):
    return {"steps":[
 {"create":"a"},
 {"send":"a","request":{"@type":"getOption","name":"utc_time","@extra":"u"}},
 {"send":"a","request":{"@type":"getOption","name":"my_custom","@extra":"m"}},
 {"send":"a","request":{"@type":"setOption","name":"my_custom","value":{"@type":"optionValueString","value":"v"},"@extra":"s"}},
 {"send":"a","request":{"@type":"setOption","name":"x_custom","value":{"@type":"optionValueString","value":"v"},"@extra":"sx"}},
 {"send":"a","request":{"@type":"getOption","name":"x_custom","@extra":"gx"}},
 {"send":"a","request":{"@type":"getOption","name":"version","@extra":"v"}},
 {"receive":0.3},
 {"send":"a","request":P(dc)},
 {"send":"a","request":{"@type":"getOption","name":"message_caption_length_max","@extra":"m3"}},
 {"receive":1.0},
 {"send":"a","request":{"@type":"getAuthorizationState","@extra":"as"}},
 {"send":"a","request":{"@type":"getMe","@extra":"me"}},
 {"send":"a","request":{"@type":"setTdlibParameters","@extra":"p2"}},
 {"send":"a","request":{"@type":"getOption","name":"chat_folder_count_max","@extra":"cf"}},
 {"send":"a","request":{"@type":"getOption","name":"online","@extra":"on"}},
 {"send":"a","request":{"@type":"getOption","name":"utc_time_offset","@extra":"off"}},
 {"send":"a","request":{"@type":"getOption","name":"nonexistent","@extra":"ne"}},
 {"receive":0.5},
 {"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5}]}
S['params-test-dc'] = params_scenario(True)
S['params-production-dc'] = params_scenario(False)
bad = [dict(api_id=0), dict(api_id=-1), dict(api_hash=""), dict(system_language_code=""), dict(device_model=""), dict(application_version=""),
 dict(api_id=0, api_hash=""), dict(api_hash="", system_language_code=""), dict(system_language_code="", device_model="", application_version=""),
 dict(database_directory="/proc/nope")]
steps = [{"create":"a"}]
for i, b in enumerate(bad):
    p = P(True, **b); p["@extra"] = f"bad{i}"
    steps.append({"send":"a","request":p})
steps += [{"receive":0.5},{"send":"a","request":{"@type":"getAuthorizationState","@extra":"as"}},{"receive":0.3},
          {"send":"a","request":P(True, system_version="")},{"receive":1.0},{"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5}]
S['params-validation'] = {"steps": steps}
S['params-invalid-utf8'] = {"steps":[{"create":"a"}] + [
 {"send":"a","request":json.dumps(dict(P(True, **{k:"\udcff"}), **{"@extra":k}), ensure_ascii=False)} for k in ["api_hash","device_model","system_version","application_version","system_language_code"]] + [
 {"receive":0.5},{"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5}]}
# A genuine U+FFFD in one field and bytes that are not UTF-8 in another: only the fields
# TDLib checks, and only when they really held such bytes, fail.
mix = [dict(api_hash="abc\ufffd", device_model="dev\udcff"), dict(api_hash="abc\udcff", system_version="\ufffd"),
       dict(system_language_code="\ufffd", application_version="1\udce2\udc82"),
       dict(api_hash="a\ufffd", device_model="\ufffd", database_directory="$TMP/db\udcff", files_directory="\udcff")]
S['params-utf8-mix'] = {"steps":[{"create":"a"}] + [
 {"send":"a","request":json.dumps(dict(P(True, **kw), **{"@extra":f"mix{i}"}), ensure_ascii=False)} for i, kw in enumerate(mix)] + [
 {"receive":1.0},{"send":"a","request":{"@type":"getOption","name":"version","@extra":"after"}},{"receive":0.3},
 {"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5}]}
opt_steps = [{"create":"a"},{"send":"a","request":P(True)},{"receive":1.0}]
B={"@type":"optionValueBoolean","value":True}
I=lambda v:{"@type":"optionValueInteger","value":v}
Sv=lambda v:{"@type":"optionValueString","value":v}
E={"@type":"optionValueEmpty"}
sets=[("x_custom",B),("x_custom",I(5)),("x_custom",Sv("s")),("x_custom",E),("x_custom",None),("xyz",B),("X_a",B),("x",Sv("")),("my_custom",B),
 ("online",B),("online",I(1)),("online",None),("use_storage_optimizer",B),("use_storage_optimizer",B),("use_storage_optimizer",I(1)),("use_storage_optimizer",E),
 ("prefer_ipv6",Sv("x")),("notification_group_count_max",I(1000)),("notification_group_count_max",I(-1)),("notification_group_count_max",I(0)),("notification_group_count_max",B),
 ("notification_group_size_max",I(0)),("notification_group_size_max",I(25)),("storage_max_files_size",I(-1)),("storage_max_files_size",I(100)),
 ("utc_time_offset",I(100000)),("utc_time_offset",I(-43200)),("utc_time_offset",I(50400)),("utc_time_offset",I(50401)),("language_pack_id",Sv("en")),("language_pack_id",Sv("")),
 ("connection_parameters",Sv("{}")),("connection_parameters",Sv("[1]")),("connection_parameters",Sv("x")),("localization_target",Sv("android")),("localization_target",B),
 ("storage_max_time_from_last_access",I(5)),("storage_max_file_count",I(5)),("storage_immunity_delay",I(5)),("disable_auto_download",B),("is_location_visible",B),
 ("language_pack_database_path",Sv("/tmp/x")),("ignore_sensitive_content_restrictions",B),("message_text_length_max",I(5)),("version",Sv("x")),("unix_time",I(1)),
 ("",B),("use_pfs",B),("is_emulator",B),("disable_top_chats",B),("always_parse_markdown",B),("ignore_file_names",E)]
for i,(n,v) in enumerate(sets):
    r={"@type":"setOption","name":n,"@extra":f"s{i:02d}:{n}"}
    if v is not None: r["value"]=v
    opt_steps.append({"send":"a","request":r})
for n in ["x_custom","xyz","online","use_storage_optimizer","notification_group_count_max","utc_time_offset","language_pack_id","connection_parameters","localization_target","storage_max_files_size","message_caption_length_max","x"]:
    opt_steps.append({"send":"a","request":{"@type":"getOption","name":n,"@extra":"g:"+n}})
opt_steps += [{"receive":0.5},{"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5}]
S['options-after-params'] = {"steps": opt_steps}
unauth = [{"create":"a"},{"send":"a","request":P(True)},{"receive":1.0}]
for r in [{"@type":"getMe"},{"@type":"getChats","limit":5},{"@type":"setPassword"},{"@type":"getPasswordState"},{"@type":"sendMessage"},
          {"@type":"setAuthenticationPhoneNumber"},{"@type":"setAuthenticationPhoneNumber","phone_number":""},{"@type":"checkAuthenticationCode","code":"1"},
          {"@type":"checkAuthenticationEmailCode"},{"@type":"setAuthenticationEmailAddress","email_address":"a@b.c"},{"@type":"resendAuthenticationCode"},
          {"@type":"registerUser","first_name":"A"},{"@type":"checkAuthenticationPassword","password":"p"},{"@type":"requestAuthenticationPasswordRecovery"},
          {"@type":"checkAuthenticationPasswordRecoveryCode","recovery_code":"1"},{"@type":"recoverAuthenticationPassword"},{"@type":"resetAuthenticationEmailAddress"},
          {"@type":"sendAuthenticationFirebaseSms","token":"t"},{"@type":"reportAuthenticationCodeMissing"},{"@type":"checkAuthenticationPremiumPurchase"},
          {"@type":"setAuthenticationPremiumPurchaseTransaction"},{"@type":"deleteAccount","reason":"x"},{"@type":"checkAuthenticationWebToken"},
          {"@type":"setDatabaseEncryptionKey"},{"@type":"confirmQrCodeAuthentication","link":"x"}]:
    r["@extra"] = r["@type"] + ":" + str(len(unauth))
    unauth.append({"send":"a","request":r})
unauth += [{"receive":0.5},{"send":"a","request":{"@type":"close","@extra":"bye"}},{"receive":0.5}]
S['unauthorized'] = {"steps": unauth}
for name, sc in S.items():
    sc = dict({"id": name}, **sc)
    with open(f'{name}.json', 'w', encoding='utf-8') as f:
        json.dump(sc, f, ensure_ascii=True, indent=1)
print(len(S))
old = {"id": "old-interface", "order": "strict", "steps": [
 {"json_create":"j"},{"json_receive":"j","quiet":0.3},
 {"json_send":"j","request":{"@type":"getOption","name":"version","@extra":1}},
 {"json_send":"j","request":{"@type":"getOption","name":"utc_time","@extra":2}},
 {"json_send":"j","request":"{bad"},
 {"json_send":"j","request":{"@type":"testCallString","x":"\u00e9","@extra":[3]}},
 {"json_send":"j","request":{"@type":"getMe","@extra":4}},
 {"json_receive":"j","quiet":0.3},
 {"create":"a"},
 {"json_create":"k"},{"json_receive":"k","quiet":0.3},
 {"create":"b"},
 {"json_send":"j","request":{"@type":"close","@extra":5}},
 {"json_receive":"j","quiet":0.5},
 {"json_send":"j","request":{"@type":"testCallEmpty","@extra":6}},
 {"json_receive":"j","quiet":0.3},
 {"json_destroy":"j"},{"json_destroy":"k"},{"receive":0.3}]}
with open('old-interface.json', 'w', encoding='utf-8') as f:
    json.dump(old, f, ensure_ascii=True, indent=1)
multi = {"id": "two-clients-interleaved", "order": "strict", "steps": [
 {"create":"a"},{"create":"b"},
 {"send":"b","request":{"@type":"testCallEmpty","@extra":"b1"}},
 {"send":"a","request":{"@type":"testCallEmpty","@extra":"a1"}},
 {"receive":0.3},
 {"send":"a","request":None},{"send":"b","request":""},{"receive":0.3},
 {"send":"a","request":{"@type":"getOption","name":"x_held","@extra":"a-held"}},
 {"send":"b","request":{"@type":"close","@extra":"b-close"}},{"receive":0.5},
 {"send":"a","request":{"@type":"getAuthorizationState","@extra":"a-state"}},
 {"send":"b","request":{"@type":"getAuthorizationState","@extra":"b-state"}},{"receive":0.3},
 {"create":"c"},{"send":"c","request":{"@type":"getCurrentState","@extra":"c"}},{"receive":0.3},
 {"send":"a","request":{"@type":"close","@extra":"a-close"}},{"receive":0.5}]}
with open('two-clients-interleaved.json', 'w', encoding='utf-8') as f:
    json.dump(multi, f, ensure_ascii=True, indent=1)
for fn in ['logOut', 'destroy']:
    p = {"@type":"setTdlibParameters","use_test_dc":True,"database_directory":"$TMP/db","api_id":12345,"api_hash":"abc","system_language_code":"en","device_model":"dev","application_version":"1.0","@extra":"params"}
    sc = {"id": f"{fn}-before-authorization", "order": "strict", "steps": [
        {"create":"a"},{"send":"a","request":p},{"receive":1.0},
        {"send":"a","request":{"@type":"setAlarm","seconds":100,"@extra":"alarm"}},
        {"send":"a","request":{"@type":"setAlarm","seconds":200,"@extra":"alarm2"}},
        {"send":"a","request":{"@type":fn,"@extra":fn}},{"receive":1.0},
        {"send":"a","request":{"@type":"getOption","name":"version","@extra":"after"}},{"receive":0.5}]}
    with open(f'{fn}-before-authorization.json', 'w', encoding='utf-8') as f:
        json.dump(sc, f, indent=1)
